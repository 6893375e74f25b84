import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Chat, Message } from '../../lib/api/types'
import { useDocumentVisible } from '../../lib/use-document-visible'
import { useMarkRead, useOpenChat } from './chat-api'
import { Composer } from './composer'
import { ConversationHeader } from './conversation-header'
import { flattenMessages } from './message-cache'
import { MessageList } from './message-list'
import { useMessages } from './messages-api'
import { useOutbox } from './send-api'
import { useAttachmentLimit } from './use-attachment-limit'
import type { Draft } from './send-api'

interface ConversationViewProps {
  chat: Chat
  title: string
  ready: boolean
  onBack: () => void
  onRead: (chat: Chat) => void
}

export function ConversationView({ chat: selected, title, ready, onBack, onRead }: ConversationViewProps) {
  const { t } = useTranslation()
  const chat = useOpenChat(selected)
  const messages = useMessages(chat.id, ready)
  const list = useMemo(() => flattenMessages(messages.data), [messages.data])
  const outbox = useOutbox(chat)
  const [replyTo, setReplyTo] = useState<Message | null>(null)
  const attachmentLimit = useAttachmentLimit()
  // Bubbles are memoized: they get callbacks that never change, reading the latest outbox.
  const latest = useRef(outbox)
  useEffect(() => { latest.current = outbox })
  const onRetry = useCallback((message: Message) => { latest.current.retry(message) }, [])
  const onReply = useCallback((message: Message) => { setReplyTo(message) }, [])
  const onSend = async (draft: Draft) => {
    const quoted = replyTo
    setReplyTo(null)
    const refusal = await outbox.send(draft)
    if (refusal && quoted) setReplyTo((current) => current ?? quoted)
    return refusal
  }
  const markRead = useMarkRead(onRead)
  const visible = useDocumentVisible()
  const hasUnread = chat.unread_count > 0
  const { mutate: markReadNow } = markRead

  useEffect(() => {
    if (hasUnread && visible) markReadNow(chat.id)
  }, [chat.id, hasUnread, visible, markReadNow])

  const { fetchNextPage } = messages
  return (
    <section className="flex h-full min-h-0 flex-col" aria-label={title}>
      <ConversationHeader chat={chat} title={title} onBack={onBack} />
      {messages.isPending ? (
        <p className="chat-wallpaper flex-1 p-6 text-center text-sm text-slate-600" role="status">
          {t('conversation.loading')}
        </p>
      ) : messages.isError ? (
        <p className="chat-wallpaper flex-1 p-6 text-center text-sm text-red-800" role="alert">
          {t('conversation.error')}
        </p>
      ) : (
        <MessageList
          key={chat.id}
          chatId={chat.id}
          isGroup={chat.is_group ?? false}
          messages={list}
          hasOlder={messages.hasNextPage}
          loadingOlder={messages.isFetchingNextPage}
          onLoadOlder={() => void fetchNextPage({ cancelRefetch: false })}
          onRetry={onRetry}
          onReply={onReply}
        />
      )}
      <Composer
        onSend={onSend}
        notice={outbox.notice}
        replyTo={replyTo}
        onCancelReply={() => { setReplyTo(null) }}
        maxAttachmentBytes={attachmentLimit}
      />
    </section>
  )
}
