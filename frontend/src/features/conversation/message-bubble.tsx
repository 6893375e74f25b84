import { Reply, RotateCw } from 'lucide-react'
import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import { StatusTicks } from '../../components/ui/status-ticks'
import type { Message } from '../../lib/api/types'
import { formatClock } from '../../lib/format/time'
import { MessageBody } from './media-body'
import { sendErrorKey } from './send-errors'

interface MessageBubbleProps {
  message: Message
  quotedText: string | undefined
  showSender: boolean
  onRetry?: ((message: Message) => void) | undefined
  onReply?: ((message: Message) => void) | undefined
}

/** Only messages typed in the inbox can be sent again (the server refuses the others). */
const canRetry = (message: Message) => message.id < 0 || !message.origin || message.origin === 'inbox'

export const MessageBubble = memo(function MessageBubble({ message, quotedText, showSender, onRetry, onReply }: MessageBubbleProps) {
  const { t, i18n } = useTranslation()
  const own = message.from_me
  const reactions = message.reactions
  const failed = own && message.status === 'failed'
  // A reply names the quoted message by its provider id: a message without one cannot be quoted.
  const replyable = !!onReply && !!message.provider_message_id && !message.deleted
  return (
    <li
      className={`group flex items-center gap-1 ${own ? 'flex-row-reverse' : 'flex-row'} ${reactions.length > 0 ? 'mb-4' : 'mb-1'}`}
      data-message-id={message.id}
    >
      <div className={`flex max-w-[85%] flex-col sm:max-w-[65%] ${own ? 'items-end' : 'items-start'}`}>
        <div
          // Focusable by a tap, so on a touch screen the reply button shows for this bubble.
          tabIndex={replyable ? -1 : undefined}
          className={`relative max-w-full rounded-lg outline-none px-2.5 pt-1.5 pb-1 text-[14.5px] leading-snug text-slate-900 shadow-[0_1px_0.5px_rgba(11,20,26,0.13)] ${
            own ? 'bg-[#d9fdd3]' : 'bg-white'
          } ${failed ? 'ring-1 ring-red-300' : ''}`}
        >
          {showSender && message.sender_name && !own && (
            <p className="mb-0.5 text-xs font-semibold text-teal-800">{message.sender_name}</p>
          )}
          {quotedText !== undefined && (
            <blockquote className="mb-1 rounded border-l-4 border-teal-700 bg-black/5 px-2 py-1 text-xs text-slate-700">
              <span className="line-clamp-2">{quotedText}</span>
            </blockquote>
          )}
          <MessageBody message={message} />
          <p className="mt-0.5 flex items-center justify-end gap-1 text-[11px] text-slate-600">
            {message.edited_at && !message.deleted && <span>{t('conversation.edited')}</span>}
            <time dateTime={message.timestamp}>{formatClock(message.timestamp, i18n.language)}</time>
            {own && <StatusTicks status={message.status} />}
          </p>
          {reactions.length > 0 && (
            <p
              className={`absolute -bottom-3.5 ${own ? 'right-2' : 'left-2'} flex gap-0.5 rounded-full border border-slate-200 bg-white px-1.5 py-0.5 text-xs shadow-sm`}
            >
              <span className="sr-only">{t('media.reactions', { list: reactions.map((reaction) => reaction.emoji).join(' ') })}</span>
              {reactions.map((reaction, index) => (
                <span key={`${reaction.emoji}-${index}`} aria-hidden="true">{reaction.emoji}</span>
              ))}
            </p>
          )}
        </div>
        {failed && (
          <div className="mt-1 mb-1 flex max-w-full flex-wrap items-center justify-end gap-x-2 gap-y-1 text-xs">
            <span className="text-red-800" title={message.error?.detail}>{t(sendErrorKey(message.error))}</span>
            {onRetry && canRetry(message) && (
              <button
                type="button"
                onClick={() => { onRetry(message) }}
                className="inline-flex items-center gap-1 rounded-full bg-white px-2.5 py-1 font-medium text-red-800 shadow-sm ring-1 ring-red-200 hover:bg-red-50 focus-visible:outline-2 focus-visible:outline-brand"
              >
                <RotateCw aria-hidden="true" className="size-3.5" />
                {t('conversation.retry')}
              </button>
            )}
          </div>
        )}
      </div>
      {replyable && (
        <button
          type="button"
          onClick={() => { onReply(message) }}
          aria-label={t('conversation.reply')}
          title={t('conversation.reply')}
          className="shrink-0 rounded-full p-1.5 text-slate-600 opacity-0 group-focus-within:opacity-100 group-hover:opacity-100 hover:bg-black/5 focus-visible:opacity-100 focus-visible:outline-2 focus-visible:outline-brand"
        >
          <Reply aria-hidden="true" className="size-4" />
        </button>
      )}
    </li>
  )
})
