import { X } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { usePreviewText } from '../../components/ui/message-preview'
import type { Message } from '../../lib/api/types'

/** The message being answered, quoted above the box (WhatsApp's reply). */
export function ReplyPreview({ message, onCancel }: { message: Message; onCancel: () => void }) {
  const { t } = useTranslation()
  const previewText = usePreviewText()
  const author = message.from_me ? t('conversation.you') : message.sender_name || t('conversation.customer')
  return (
    <div className="mb-2 flex items-start gap-2 rounded-lg bg-white p-2 shadow-sm" role="group" aria-label={t('composer.replyingTo', { name: author })}>
      <blockquote className="min-w-0 flex-1 rounded border-l-4 border-teal-700 bg-black/5 px-2 py-1">
        <span className="block text-xs font-semibold text-teal-800">{author}</span>
        <span className="line-clamp-2 text-sm text-slate-700">{previewText(message)}</span>
      </blockquote>
      <button
        type="button"
        onClick={onCancel}
        aria-label={t('composer.cancelReply')}
        className="rounded-full p-2 text-slate-600 hover:bg-black/5 focus-visible:outline-2 focus-visible:outline-brand"
      >
        <X aria-hidden="true" className="size-5" />
      </button>
    </div>
  )
}
