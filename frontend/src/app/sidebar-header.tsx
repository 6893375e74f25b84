import { LogOut } from 'lucide-react'
import { useTranslation } from 'react-i18next'
import { LanguageSwitcher } from '../components/ui/language-switcher'
import { useLogout } from '../features/auth/auth-api'
import { ConnectionIndicator } from '../features/connection/connection-indicator'
import type { Me } from '../lib/api/types'
import { useRealtimeUpdates } from '../lib/realtime/realtime-hooks'

export function SidebarHeader({ me }: { me: Me }) {
  const { t } = useTranslation()
  const { status } = useRealtimeUpdates()
  const logout = useLogout()
  return (
    <header className="flex h-16 shrink-0 items-center justify-between gap-2 bg-[#f0f2f5] px-4">
      <div className="min-w-0">
        <h1 className="truncate text-base font-semibold text-slate-900">{me.tenant?.name ?? t('app.name')}</h1>
        <p className="truncate text-xs text-slate-600">{t('header.signedInAs', { name: me.username })}</p>
      </div>
      <div className="flex shrink-0 items-center gap-1.5">
        <ConnectionIndicator status={status} />
        <LanguageSwitcher compact />
        <button
          type="button"
          onClick={() => { logout.mutate() }}
          aria-label={t('header.logout')}
          title={t('header.logout')}
          className="rounded-full p-2 text-slate-700 hover:bg-black/5 focus-visible:outline-2 focus-visible:outline-brand"
        >
          <LogOut aria-hidden="true" className="size-5" />
        </button>
      </div>
    </header>
  )
}
