import { TriangleAlert } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import type { Channel } from '../../lib/api/types'
import { formatPhone } from '../../lib/format/phone'

/** One warning per WhatsApp number that is disconnected from WhatsApp. */
export function ChannelWarnings({ channels }: { channels: Channel[] }) {
  const { t } = useTranslation()
  const down = channels.filter((channel) => channel.connection_state === 'disconnected')
  if (down.length === 0) return null
  return (
    <div role="alert" className="space-y-1 border-b border-amber-200 bg-amber-50 px-3 py-2">
      {down.map((channel) => (
        <p key={channel.key} className="flex items-start gap-2 text-xs text-amber-950">
          <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0 text-amber-700" />
          {t('connection.channelDown', { phone: channel.display_phone_number ? formatPhone(channel.display_phone_number) : channel.key })}
        </p>
      ))}
    </div>
  )
}
