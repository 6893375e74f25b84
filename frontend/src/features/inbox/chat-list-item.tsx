import { memo } from 'react'
import { useTranslation } from 'react-i18next'
import { Avatar } from '../../components/ui/avatar'
import { MessagePreview } from '../../components/ui/message-preview'
import { StatusTicks } from '../../components/ui/status-ticks'
import { formatPhone } from '../../lib/format/phone'
import { formatListTime } from '../../lib/format/time'
import type { Chat } from '../../lib/api/types'

export function chatTitle(chat: Chat): string {
  return chat.name || formatPhone(chat.phone || chat.chat_id)
}

interface ChatListItemProps {
  chat: Chat
  selected: boolean
  onSelect: (chat: Chat) => void
}

export const ChatListItem = memo(function ChatListItem({ chat, selected, onSelect }: ChatListItemProps) {
  const { t, i18n } = useTranslation()
  const title = chatTitle(chat)
  const number = chat.name ? formatPhone(chat.phone || chat.chat_id) : ''
  const channel = chat.channel_phone ? formatPhone(chat.channel_phone) : chat.channel
  const last = chat.last_message
  const unread = chat.unread_count
  return (
    <button
      type="button"
      onClick={() => { onSelect(chat) }}
      aria-current={selected ? 'true' : undefined}
      className={`flex h-full w-full items-center gap-3 px-3 text-left transition-colors focus-visible:outline-2 focus-visible:-outline-offset-2 focus-visible:outline-brand ${
        selected ? 'bg-[#e9edef]' : 'hover:bg-[#f5f6f6]'
      }`}
    >
      <Avatar name={title} seed={chat.chat_id} group={chat.is_group ?? false} />
      <span className="flex min-w-0 flex-1 flex-col gap-0.5 border-b border-slate-100 py-2.5">
        <span className="flex items-baseline justify-between gap-2">
          <span className="truncate text-[15px] font-medium text-slate-900">{title}</span>
          {chat.last_message_at && (
            <time
              dateTime={chat.last_message_at}
              className={`shrink-0 text-xs ${unread > 0 ? 'font-semibold text-brand-strong' : 'text-slate-600'}`}
            >
              {formatListTime(chat.last_message_at, i18n.language, t('conversation.yesterday'))}
            </time>
          )}
        </span>
        <span className="flex items-center justify-between gap-2 text-sm text-slate-600">
          <span className="flex min-w-0 items-center gap-1">
            {last?.from_me && <StatusTicks status={last.status} />}
            {last ? <MessagePreview message={last} /> : <span>&nbsp;</span>}
          </span>
          {unread > 0 && (
            <span
              className="flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-brand-strong px-1.5 text-xs font-semibold text-white"
              aria-label={t('inbox.unread', { count: unread })}
            >
              {unread > 999 ? '999+' : unread}
            </span>
          )}
        </span>
        <span className="flex min-w-0 items-center gap-1.5 text-xs text-slate-600">
          {number && <span className="truncate">{number}</span>}
          {number && <span aria-hidden="true">·</span>}
          <span className="truncate">{t('inbox.via', { channel })}</span>
        </span>
      </span>
    </button>
  )
})
