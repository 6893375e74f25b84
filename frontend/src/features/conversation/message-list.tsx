import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import type { UIEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { usePreviewText } from '../../components/ui/message-preview'
import type { Message } from '../../lib/api/types'
import { dayKey } from '../../lib/format/time'
import { useChatUpdates } from '../../lib/realtime/realtime-hooks'
import { DaySeparator } from './day-separator'
import { MessageBubble } from './message-bubble'
import { NewMessagesButton } from './new-messages-button'

const NEAR_BOTTOM_PX = 120
const LOAD_OLDER_PX = 400

interface MessageListProps {
  chatId: number
  isGroup: boolean
  messages: Message[]
  hasOlder: boolean
  loadingOlder: boolean
  onLoadOlder: () => void
  onRetry?: (message: Message) => void
  onReply?: (message: Message) => void
}

interface Rendered {
  firstId: number | undefined
  lastId: number | undefined
  scrollHeight: number
}

/**
 * Keeps the reader's place: older pages are prepended without a jump; new messages scroll
 * into view only when the agent is already near the bottom (or sent them), otherwise a
 * "N new messages" button offers the way down.
 */
export function MessageList({ chatId, isGroup, messages, hasOlder, loadingOlder, onLoadOlder, onRetry, onReply }: MessageListProps) {
  const { t } = useTranslation()
  const previewText = usePreviewText()
  const scrollRef = useRef<HTMLDivElement>(null)
  const nearBottom = useRef(true)
  const rendered = useRef<Rendered | null>(null)
  const [unseen, setUnseen] = useState(0)

  useChatUpdates(chatId, (message) => {
    if (!message.from_me && !nearBottom.current) setUnseen((count) => count + 1)
  })

  useLayoutEffect(() => {
    const element = scrollRef.current
    if (!element) return
    const before = rendered.current
    const firstId = messages[0]?.id
    const lastId = messages[messages.length - 1]?.id
    if (!before || before.lastId === undefined) {
      element.scrollTop = element.scrollHeight
    } else if (firstId !== before.firstId && lastId === before.lastId) {
      element.scrollTop += element.scrollHeight - before.scrollHeight
    } else if (lastId !== before.lastId) {
      const own = messages[messages.length - 1]?.from_me ?? false
      if (nearBottom.current || own) element.scrollTo({ top: element.scrollHeight })
    } else if (nearBottom.current && element.scrollHeight !== before.scrollHeight) {
      // A message grew in place (a failure line, an edit): stay at the bottom.
      element.scrollTop = element.scrollHeight
    }
    rendered.current = { firstId, lastId, scrollHeight: element.scrollHeight }
  }, [messages])

  // Photos load after they are laid out: keep the reader at the bottom if they were there.
  const content = useRef<HTMLOListElement>(null)
  useEffect(() => {
    const element = scrollRef.current
    const list = content.current
    if (!element || !list || typeof ResizeObserver !== 'function') return
    const observer = new ResizeObserver(() => {
      if (nearBottom.current) element.scrollTop = element.scrollHeight
      if (rendered.current) rendered.current.scrollHeight = element.scrollHeight
    })
    observer.observe(list)
    return () => { observer.disconnect() }
  }, [])

  const onScroll = (event: UIEvent<HTMLDivElement>) => {
    const element = event.currentTarget
    nearBottom.current = element.scrollHeight - element.scrollTop - element.clientHeight < NEAR_BOTTOM_PX
    if (nearBottom.current && unseen > 0) setUnseen(0)
    if (element.scrollTop < LOAD_OLDER_PX && hasOlder && !loadingOlder) onLoadOlder()
    if (rendered.current) rendered.current.scrollHeight = element.scrollHeight
  }

  const scrollToBottom = useCallback(() => {
    scrollRef.current?.scrollTo({ top: scrollRef.current.scrollHeight, behavior: 'smooth' })
    setUnseen(0)
  }, [])

  const byProviderId = useMemo(() => {
    const map = new Map<string, Message>()
    for (const message of messages) if (message.provider_message_id) map.set(message.provider_message_id, message)
    return map
  }, [messages])

  return (
    <div className="relative min-h-0 flex-1">
      <div
        ref={scrollRef}
        onScroll={onScroll}
        className="chat-wallpaper h-full overflow-y-auto overscroll-contain px-3 py-2 sm:px-[6%]"
        tabIndex={0}
        role="log"
        aria-label={t('conversation.messagesLabel')}
      >
        <p className="flex min-h-12 items-center justify-center pt-2 pb-1">
          {(loadingOlder || !hasOlder) && (
            <span className="rounded-md bg-[#fdf4c5] px-3 py-1 text-xs text-slate-700 shadow-[0_1px_0.5px_rgba(11,20,26,0.13)]">
              {loadingOlder ? t('conversation.loadingOlder') : t('conversation.start')}
            </span>
          )}
        </p>
        <ol ref={content} className="flex flex-col">
          {messages.map((message, index) => {
            const previous = messages[index - 1]
            const newDay = !previous || dayKey(previous.timestamp) !== dayKey(message.timestamp)
            const quoted = message.reply_to ? byProviderId.get(message.reply_to) : undefined
            return (
              <MessageRow
                key={message.client_id ?? message.id}
                message={message}
                newDay={newDay}
                quotedText={quoted ? previewText(quoted) : undefined}
                showSender={isGroup && (newDay || previous.sender !== message.sender)}
                onRetry={onRetry}
                onReply={onReply}
              />
            )
          })}
        </ol>
      </div>
      {unseen > 0 && <NewMessagesButton count={unseen} onClick={scrollToBottom} />}
    </div>
  )
}

interface MessageRowProps {
  message: Message
  newDay: boolean
  quotedText: string | undefined
  showSender: boolean
  onRetry: ((message: Message) => void) | undefined
  onReply: ((message: Message) => void) | undefined
}

function MessageRow({ message, newDay, quotedText, showSender, onRetry, onReply }: MessageRowProps) {
  return (
    <>
      {newDay && <DaySeparator timestamp={message.timestamp} />}
      <MessageBubble message={message} quotedText={quotedText} showSender={showSender} onRetry={onRetry} onReply={onReply} />
    </>
  )
}
