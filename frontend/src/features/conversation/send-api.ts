/**
 * Sending: a text or an attachment is shown at once as `pending` and tied to the stored
 * row by its `client_id` (idempotent on the server, so sending it again never makes a
 * second message); a failed message can be sent again. Refusals the agent must act on
 * (the 24 h window, a file the server will not take) become a notice in the composer.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query'
import { useCallback, useState } from 'react'
import { ApiError, apiRequest } from '../../lib/api/http'
import type { Chat, Message, SendError } from '../../lib/api/types'
import type { AttachmentKind } from './attachments'
import { rememberPreview } from './local-previews'
import { addMessage, applyRetried, applyStatus, markFailed, markPending, removeOptimistic, replaceMessage } from './message-cache'
import { messagesQueryKey } from './messages-api'
import type { MessagesData } from './messages-api'

export interface Draft {
  text: string
  attachment: { file: File; kind: AttachmentKind; mimeType: string } | null
  /** The provider id of the message answered (quoted). */
  replyTo: string | null
}

export type Refusal = 'window' | 'tooLarge' | 'unsupported' | 'invalid'

export interface SendNotice {
  refusal: Refusal
  lastCustomerMessageAt: string | null
}

// The drafts of optimistic copies not stored yet, so a failed POST can be sent again
// with the same file and client_id.
const unsent = new Map<string, Draft>()

function newClientId(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}

function requestBody(draft: Draft, clientId: string): FormData | Record<string, string> {
  const base = { content: draft.text, client_id: clientId, ...(draft.replyTo ? { reply_to: draft.replyTo } : {}) }
  if (!draft.attachment) return { type: 'text', ...base }
  const form = new FormData()
  form.set('type', draft.attachment.kind)
  for (const [name, value] of Object.entries(base)) form.set(name, value)
  form.set('file', draft.attachment.file, draft.attachment.file.name)
  return form
}

/** A refusal to show in the composer (nothing was stored), or null for a failure to retry. */
export function refusalOf(error: unknown): SendNotice | null {
  if (!(error instanceof ApiError)) return null
  if (error.code === 'outside_customer_service_window') {
    const details = (error.body as { details?: { last_customer_message_at?: unknown } } | null)?.details
    const at = details?.last_customer_message_at
    return { refusal: 'window', lastCustomerMessageAt: typeof at === 'string' ? at : null }
  }
  if (error.status === 413) return { refusal: 'tooLarge', lastCustomerMessageAt: null }
  if (error.status === 415) return { refusal: 'unsupported', lastCustomerMessageAt: null }
  if (error.status === 400) return { refusal: 'invalid', lastCustomerMessageAt: null }
  return null
}

function failureOf(error: unknown): SendError {
  return error instanceof ApiError ? { code: 'server', http_status: error.status } : { code: 'network' }
}

function optimisticMessage(chat: Chat, draft: Draft): Message {
  const attachment = draft.attachment
  return {
    id: -Date.now() - Math.floor(Math.random() * 1000),
    chat: chat.id,
    chat_id: chat.chat_id,
    provider_message_id: null,
    client_id: newClientId(),
    type: attachment ? attachment.kind : 'text',
    content: draft.text,
    timestamp: new Date().toISOString(),
    sender: '',
    from_me: true,
    status: 'pending',
    error: null,
    origin: 'inbox',
    media: attachment
      ? { id: '', mime_type: attachment.mimeType, filename: attachment.file.name, size: attachment.file.size, seconds: null, voice: false }
      : null,
    reply_to: draft.replyTo,
    reactions: [],
    edited_at: null,
    deleted: false,
  }
}

export function useOutbox(chat: Chat) {
  const queryClient = useQueryClient()
  const key = messagesQueryKey(chat.id)
  const [notice, setNotice] = useState<SendNotice | null>(null)
  const update = useCallback(
    (change: (data: MessagesData) => MessagesData) => { queryClient.setQueryData<MessagesData>(key, (data) => (data ? change(data) : data)) },
    // eslint-disable-next-line react-hooks/exhaustive-deps -- the key is chat.id's
    [queryClient, chat.id],
  )

  const post = useMutation({
    mutationFn: ({ draft, clientId }: { draft: Draft; clientId: string }) =>
      apiRequest<Message>(`/api/chats/${chat.id}/messages/`, { method: 'POST', body: requestBody(draft, clientId) }),
    onSuccess: (stored, { clientId }) => {
      unsent.delete(clientId)
      update((data) => addMessage(data, stored))
    },
    onError: (error, { clientId }) => {
      const refusal = refusalOf(error)
      if (refusal) {
        unsent.delete(clientId)
        update((data) => removeOptimistic(data, clientId))
        setNotice(refusal)
      } else {
        update((data) => markFailed(data, clientId, failureOf(error)))
      }
    },
  })

  const retryStored = useMutation({
    mutationFn: (message: Message) => apiRequest<Message>(`/api/messages/${message.id}/retry/`, { method: 'POST' }),
    onMutate: (message) => {
      update((data) => applyStatus(data, { id: message.id, provider_message_id: message.provider_message_id, status: 'pending' }))
    },
    onSuccess: (stored) => { update((data) => applyRetried(data, stored)) },
    onError: (error, message) => {
      const refusal = refusalOf(error)
      if (refusal) setNotice(refusal)
      // 409 conflict: it is no longer failed (retried elsewhere); the stream brings its status.
      if (error instanceof ApiError && error.code === 'conflict') return
      update((data) => replaceMessage(data, refusal ? message : { ...message, error: failureOf(error) }))
    },
  })

  /** Resolves to the refusal when the server would not take the message (the draft is kept). */
  const send = async (draft: Draft): Promise<SendNotice | null> => {
    setNotice(null)
    const optimistic = optimisticMessage(chat, draft)
    const clientId = optimistic.client_id ?? ''
    unsent.set(clientId, draft)
    if (draft.attachment?.kind === 'image') rememberPreview(clientId, draft.attachment.file)
    update((data) => addMessage(data, optimistic))
    try {
      await post.mutateAsync({ draft, clientId })
      return null
    } catch (error) {
      return refusalOf(error)
    }
  }

  const retry = (message: Message) => {
    setNotice(null)
    const clientId = message.client_id ?? ''
    const draft = message.id < 0 ? unsent.get(clientId) : undefined
    if (draft) {
      update((data) => markPending(data, clientId))
      post.mutate({ draft, clientId })
    } else if (message.id > 0) {
      retryStored.mutate(message)
    }
  }

  return { send, retry, notice, dismissNotice: () => { setNotice(null) } }
}
