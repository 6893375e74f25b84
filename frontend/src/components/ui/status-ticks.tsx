import { AlertCircle, Check, CheckCheck, Clock } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import type { MessageStatus } from '../../lib/api/types'

/** WhatsApp's ticks: clock pending, ✓ sent, ✓✓ delivered, blue ✓✓ read, red failed. */
export function StatusTicks({ status, className = '' }: { status: MessageStatus; className?: string }) {
  const { t } = useTranslation()
  const label = t(`status.${status}`)
  const common = `inline-block size-4 shrink-0 ${className}`
  switch (status) {
    case 'pending':
      return <Clock role="img" aria-label={label} className={`${common} text-slate-500`} data-status={status} />
    case 'sent':
      return <Check role="img" aria-label={label} className={`${common} text-slate-500`} data-status={status} />
    case 'delivered':
      return <CheckCheck role="img" aria-label={label} className={`${common} text-slate-500`} data-status={status} />
    case 'read':
      return <CheckCheck role="img" aria-label={label} className={`${common} text-sky-600`} data-status={status} />
    case 'failed':
      return <AlertCircle role="img" aria-label={label} className={`${common} text-red-600`} data-status={status} />
  }
}
