import { ArrowLeft } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { Avatar } from '../../components/ui/avatar'
import type { Chat } from '../../lib/api/types'
import { formatPhone } from '../../lib/format/phone'

export function ConversationHeader({ chat, title, onBack }: { chat: Chat; title: string; onBack: () => void }) {
  const { t } = useTranslation()
  const number = formatPhone(chat.phone || chat.chat_id)
  const channel = chat.channel_phone ? formatPhone(chat.channel_phone) : chat.channel
  return (
    <header className="flex h-16 shrink-0 items-center gap-3 border-b border-slate-200 bg-[#f0f2f5] px-3">
      <button
        type="button"
        onClick={onBack}
        aria-label={t('conversation.back')}
        className="rounded-full p-2 text-slate-700 hover:bg-black/5 focus-visible:outline-2 focus-visible:outline-brand md:hidden"
      >
        <ArrowLeft aria-hidden="true" className="size-5" />
      </button>
      <Avatar name={title} seed={chat.chat_id} group={chat.is_group ?? false} size="lg" />
      <div className="min-w-0">
        <h2 className="truncate text-base font-medium text-slate-900">{title}</h2>
        <p className="truncate text-xs text-slate-600">
          {chat.name ? `${number} · ` : ''}
          {t('inbox.via', { channel })}
        </p>
      </div>
    </header>
  )
}
