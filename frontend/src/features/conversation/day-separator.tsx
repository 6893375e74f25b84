import { useTranslation } from 'react-i18next'
import { formatDayLabel } from '../../lib/format/time'

/** A day's heading in the message list: screen readers can jump from day to day. */
export function DaySeparator({ timestamp }: { timestamp: string }) {
  const { t, i18n } = useTranslation()
  const label = formatDayLabel(timestamp, i18n.language, { today: t('conversation.today'), yesterday: t('conversation.yesterday') })
  return (
    <li className="my-3 flex justify-center">
      <h3 className="rounded-lg bg-white px-3 py-1 text-xs font-medium text-slate-600 uppercase shadow-[0_1px_0.5px_rgba(11,20,26,0.13)]">
        {label}
      </h3>
    </li>
  )
}
