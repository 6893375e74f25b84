import { Ban, Contact, File, Image, MapPin, Mic, Sticker, Video } from 'lucide-react'
import type { LucideIcon } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../lib/api/types'

const ICONS: Partial<Record<Message['type'], LucideIcon>> = {
  image: Image,
  video: Video,
  audio: Mic,
  document: File,
  sticker: Sticker,
  location: MapPin,
  contacts: Contact,
}

/** One line summing up a message, for the chat list and announcements. */
export function usePreviewText() {
  const { t } = useTranslation()
  return (message: Message): string => {
    if (message.deleted) return t('conversation.deleted')
    if (message.type === 'text' || message.type === 'interactive') return message.content
    const label = message.type === 'audio' && message.media?.voice ? t('media.voice') : t(`media.${message.type}`)
    if (message.type === 'location' || message.type === 'contacts') return message.content || label
    return message.content ? `${label}: ${message.content}` : label
  }
}

export function MessagePreview({ message }: { message: Message }) {
  const previewText = usePreviewText()
  const Icon = message.deleted ? Ban : ICONS[message.type]
  return (
    <span className="flex min-w-0 items-center gap-1">
      {Icon && <Icon aria-hidden="true" className="size-4 shrink-0 text-slate-500" />}
      <span className={`truncate ${message.deleted ? 'italic' : ''}`}>{previewText(message)}</span>
    </span>
  )
}
