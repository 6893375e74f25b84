import { Loader2, Wifi, WifiOff } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import type { ConnectionStatus } from '../../lib/realtime/realtime-client'

const LOOK: Record<'live' | 'retrying' | 'down', { className: string; dot: string }> = {
  live: { className: 'bg-emerald-50 text-emerald-800 ring-emerald-200', dot: 'bg-emerald-500' },
  retrying: { className: 'bg-amber-50 text-amber-900 ring-amber-200', dot: 'bg-amber-500' },
  down: { className: 'bg-red-50 text-red-800 ring-red-200', dot: 'bg-red-500' },
}

function kindOf(status: ConnectionStatus): keyof typeof LOOK {
  if (status === 'live') return 'live'
  if (status === 'connecting' || status === 'reconnecting') return 'retrying'
  return 'down'
}

/** Green "Tempo real" while the stream is live, amber while retrying, red when down. */
export function ConnectionIndicator({ status }: { status: ConnectionStatus }) {
  const { t } = useTranslation()
  const kind = kindOf(status)
  const label =
    kind === 'live'
      ? t('connection.live')
      : status === 'connecting'
        ? t('connection.connecting')
        : kind === 'retrying'
          ? t('connection.reconnecting')
          : t('connection.offline')
  const Icon = kind === 'live' ? Wifi : kind === 'retrying' ? Loader2 : WifiOff
  return (
    <p
      role="status"
      data-connection={kind}
      className={`inline-flex items-center gap-1.5 rounded-full px-2.5 py-1 text-xs font-medium ring-1 ${LOOK[kind].className}`}
    >
      <Icon aria-hidden="true" className={`size-3.5 ${kind === 'retrying' ? 'animate-spin' : ''}`} />
      {label}
    </p>
  )
}
