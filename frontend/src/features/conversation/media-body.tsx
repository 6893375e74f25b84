import { Ban, Contact, Download, File, Image, MapPin, Mic, Play, Sticker, Video } from 'lucide-react'
import { useState } from 'react'
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../lib/api/types'
import { localPreview } from './local-previews'

function formatSize(bytes: number | null | undefined): string {
  if (!bytes) return ''
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}

function formatSeconds(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined) return ''
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`
}

function Caption({ text }: { text: string }) {
  return text ? <p className="mt-1.5 break-words whitespace-pre-wrap">{text}</p> : null
}

function MediaTile({ icon, label, detail }: { icon: ReactNode; label: string; detail?: string }) {
  return (
    <div className="flex min-w-52 items-center gap-3 rounded-md bg-black/5 px-3 py-2.5">
      <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-white/80 text-slate-600">{icon}</span>
      <span className="min-w-0">
        <span className="block truncate text-sm font-medium text-slate-800">{label}</span>
        {detail && <span className="block truncate text-xs text-slate-600">{detail}</span>}
      </span>
    </div>
  )
}

/** A voice note the provider could not give us: the player, disabled, with its length. */
function AudioTile({ voice, seconds }: { voice: boolean; seconds: number | null | undefined }) {
  const { t } = useTranslation()
  const label = voice ? t('media.voice') : t('media.audio')
  return (
    <div className="flex min-w-56 items-center gap-3 py-1" role="group" aria-label={label}>
      <span className="flex size-10 shrink-0 items-center justify-center rounded-full bg-teal-700 text-white">
        <Mic aria-hidden="true" className="size-5" />
      </span>
      <button type="button" disabled aria-label={t('media.play')} title={t('media.notAvailable')} className="text-slate-500">
        <Play aria-hidden="true" className="size-5 fill-current" />
      </button>
      <span className="flex flex-1 flex-col gap-1">
        <span aria-hidden="true" className="relative h-1 rounded-full bg-slate-300">
          <span className="absolute -top-1 left-0 size-3 rounded-full bg-teal-700" />
        </span>
        <span className="text-xs text-slate-600">{[formatSeconds(seconds), t('media.notAvailable')].filter(Boolean).join(' · ')}</span>
      </span>
    </div>
  )
}

/** Media bytes come through our server (`GET /api/messages/{id}/media/`, session cookie). */
export const mediaUrl = (message: Message) => `/api/messages/${message.id}/media/`

/** The file can be asked for: stored, with the provider's id (an own message just sent has none yet). */
const hasServerFile = (message: Message) => message.id > 0 && !!message.provider_message_id

/**
 * The photo itself: for a photo this tab just sent, the browser's own copy; otherwise
 * through the server. When the provider cannot give it, a labelled card instead.
 */
function MediaImage({ message, sticker = false }: { message: Message; sticker?: boolean }) {
  const { t } = useTranslation()
  const [failedFor, setFailedFor] = useState<string | null>(null)
  const label = sticker ? t('media.sticker') : t('media.image')
  const local = localPreview(message.client_id)
  const className = sticker ? 'size-36 object-contain' : 'max-h-80 min-h-24 w-72 max-w-full rounded-md bg-black/5 object-cover'
  if (local) return <img src={local} alt={message.content || label} className={className} />
  if (!hasServerFile(message) || failedFor === message.provider_message_id) {
    const Icon = sticker ? Sticker : Image
    return <MediaTile icon={<Icon aria-hidden="true" className="size-5" />} label={label} detail={t('media.notAvailable')} />
  }
  return (
    <img
      src={mediaUrl(message)}
      alt={message.content || label}
      loading="lazy"
      onError={() => { setFailedFor(message.provider_message_id) }}
      className={className}
    />
  )
}

function MediaAudio({ message }: { message: Message }) {
  const { t } = useTranslation()
  const [failed, setFailed] = useState(false)
  const voice = message.media?.voice ?? false
  if (failed) return <AudioTile voice={voice} seconds={message.media?.seconds} />
  return (
    <audio
      controls
      preload="none"
      src={mediaUrl(message)}
      onError={() => { setFailed(true) }}
      aria-label={voice ? t('media.voice') : t('media.audio')}
      className="h-10 w-64 max-w-full"
    />
  )
}

interface ContactCard {
  name?: string
  phones?: { phone?: string }[]
}

function contactCards(message: Message): ContactCard[] {
  const cards = message.details?.contacts
  return Array.isArray(cards) ? (cards as ContactCard[]) : []
}

function mapUrl(message: Message): string | null {
  const details = message.details ?? {}
  const { latitude, longitude } = details
  if (typeof latitude === 'number' && typeof longitude === 'number') {
    return `https://www.google.com/maps/search/?api=1&query=${latitude},${longitude}`
  }
  return typeof details.url === 'string' && details.url.startsWith('https://') ? details.url : null
}

/** The body of a message, by type. Media bytes stay with the provider: we show what we know. */
export function MessageBody({ message }: { message: Message }) {
  const { t } = useTranslation()
  const media = message.media
  if (message.deleted) {
    return (
      <p className="flex items-center gap-1.5 text-slate-600 italic">
        <Ban aria-hidden="true" className="size-4" />
        {t('conversation.deleted')}
      </p>
    )
  }
  switch (message.type) {
    case 'image':
      return (
        <>
          <MediaImage message={message} />
          <Caption text={message.content} />
        </>
      )
    case 'video':
      return (
        <>
          <MediaTile icon={<Video aria-hidden="true" className="size-5" />} label={t('media.video')} detail={[formatSeconds(media?.seconds), formatSize(media?.size)].filter(Boolean).join(' · ') || t('media.notAvailable')} />
          <Caption text={message.content} />
        </>
      )
    case 'sticker':
      return <MediaImage message={message} sticker />
    case 'audio':
      return <MediaAudio message={message} />
    case 'document':
      return (
        <>
          <MediaTile
            icon={<File aria-hidden="true" className="size-5" />}
            label={media?.filename || t('media.document')}
            detail={[formatSize(media?.size), media?.mime_type].filter(Boolean).join(' · ')}
          />
          {hasServerFile(message) && (
            <a href={mediaUrl(message)} download={media?.filename || true} className="mt-1 inline-flex items-center gap-1 text-sm font-medium text-teal-800 underline">
              <Download aria-hidden="true" className="size-4" />
              {t('media.download')}
            </a>
          )}
          {message.content && message.content !== media?.filename && <Caption text={message.content} />}
        </>
      )
    case 'location': {
      const url = mapUrl(message)
      return (
        <div className="flex items-start gap-2">
          <MapPin aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-red-600" />
          <span>
            <span className="block">{message.content || t('media.location')}</span>
            {url && (
              <a href={url} target="_blank" rel="noreferrer noopener" className="text-sm font-medium text-teal-800 underline">
                {t('media.openMap')}
              </a>
            )}
          </span>
        </div>
      )
    }
    case 'contacts': {
      const cards = contactCards(message)
      return (
        <ul className="space-y-1.5">
          {(cards.length > 0 ? cards : [{ name: message.content }]).map((card, index) => (
            <li key={index} className="flex items-center gap-3 rounded-md bg-black/5 px-3 py-2">
              <Contact aria-hidden="true" className="size-8 shrink-0 rounded-full bg-white/80 p-1.5 text-slate-600" />
              <span className="min-w-0">
                <span className="block truncate text-sm font-medium">{card.name || t('media.contacts')}</span>
                {card.phones?.map((phone) => (
                  <span key={phone.phone} className="block truncate text-xs text-slate-600">{phone.phone}</span>
                ))}
              </span>
            </li>
          ))}
        </ul>
      )
    }
    case 'unsupported':
      return <p className="text-slate-600 italic">{t('media.unsupported')}</p>
    default:
      return <p className="break-words whitespace-pre-wrap">{message.content}</p>
  }
}
