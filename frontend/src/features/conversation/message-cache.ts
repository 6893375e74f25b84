/**
 * Applying realtime updates and send results to the cached message pages. Pure and
 * idempotent: a message is known by its `id`, or by its `client_id` while it is still the
 * optimistic copy, so a message is never shown twice whatever order the POST answer and
 * the `new_message` event arrive in.
 */
import { statusMayFollow, statusMovesForward } from '../../lib/api/status'
import type { Message, MessageStatusData, SendError } from '../../lib/api/types'
import type { MessagesData } from './messages-api'

function sameMessage(held: Message, incoming: Message): boolean {
  return held.id === incoming.id || (!!incoming.client_id && held.client_id === incoming.client_id)
}

/** Chronological order of everything loaded (oldest page first). */
export function flattenMessages(data: MessagesData | undefined): Message[] {
  if (!data) return []
  return data.pages.toReversed().flatMap((page) => page.results)
}

function mapMessages(data: MessagesData, map: (message: Message) => Message): MessagesData {
  return { ...data, pages: data.pages.map((page) => ({ ...page, results: page.results.map(map) })) }
}

/** Insert or replace; a replacement never moves a status backwards. */
export function addMessage(data: MessagesData, incoming: Message): MessagesData {
  const held = data.pages.flatMap((page) => page.results).find((message) => sameMessage(message, incoming))
  if (held) {
    return mapMessages(data, (message) => {
      if (!sameMessage(message, incoming)) return message
      const keepHeld = statusMovesForward(incoming.status, message.status) && message.id === incoming.id
      return keepHeld ? { ...incoming, status: message.status, error: message.error ?? null } : incoming
    })
  }
  const [newest, ...older] = data.pages
  if (!newest) return data
  const results = [...newest.results, incoming].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp))
  return { ...data, pages: [{ ...newest, results }, ...older] }
}

/** A `message_status` update; `failed` carries its error, a retry (`pending`) clears it. */
export function applyStatus(data: MessagesData, change: MessageStatusData): MessagesData {
  return mapMessages(data, (message) =>
    message.id === change.id && statusMayFollow(message.status, change.status)
      ? { ...message, status: change.status, error: change.status === 'failed' ? (change.error ?? message.error ?? null) : null }
      : message,
  )
}

/**
 * The retry endpoint's answer (`pending`) replaces a `failed` copy. When the sender was
 * quicker and a later status already arrived, that status stays.
 */
export function applyRetried(data: MessagesData, stored: Message): MessagesData {
  return mapMessages(data, (message) =>
    message.id === stored.id && statusMayFollow(message.status, stored.status) ? { ...stored, error: null } : message,
  )
}

/** An edit, deletion or reaction: the server's row replaces ours (status never backwards). */
export function replaceMessage(data: MessagesData, incoming: Message): MessagesData {
  return mapMessages(data, (message) =>
    message.id === incoming.id
      ? { ...incoming, status: statusMovesForward(incoming.status, message.status) ? message.status : incoming.status }
      : message,
  )
}

/** The POST failed: the optimistic copy says so (it was never stored). */
export function markFailed(data: MessagesData, clientId: string, error: SendError | null = null): MessagesData {
  return mapMessages(data, (message) =>
    message.client_id === clientId && message.id < 0 ? { ...message, status: 'failed', error } : message,
  )
}

/** The optimistic copy is sent again (same `client_id`): back to the clock. */
export function markPending(data: MessagesData, clientId: string): MessagesData {
  return mapMessages(data, (message) =>
    message.client_id === clientId && message.id < 0 ? { ...message, status: 'pending', error: null } : message,
  )
}

/** The server refused the message before storing it (e.g. outside the 24 h window). */
export function removeOptimistic(data: MessagesData, clientId: string): MessagesData {
  return {
    ...data,
    pages: data.pages.map((page) => ({ ...page, results: page.results.filter((message) => !(message.client_id === clientId && message.id < 0)) })),
  }
}
