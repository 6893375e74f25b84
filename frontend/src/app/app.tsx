import { useTranslation } from 'react-i18next'
import { useMe } from '../features/auth/auth-api'
import { LoginScreen } from '../features/auth/login-screen'
import type { Me } from '../lib/api/types'
import { useRealtimeClient } from '../lib/realtime/realtime-hooks'
import { InboxScreen } from './inbox-screen'
import { useRealtimeSession } from './use-realtime-cache-sync'

export function App() {
  const { t } = useTranslation()
  const me = useMe()
  if (me.isPending) {
    return (
      <p className="flex h-dvh items-center justify-center bg-[#eae6df] text-sm text-slate-600" role="status">
        {t('inbox.loading')}
      </p>
    )
  }
  if (!me.data) return <LoginScreen />
  return <SignedIn me={me.data} />
}

function SignedIn({ me }: { me: Me }) {
  useRealtimeSession(useRealtimeClient())
  return <InboxScreen me={me} />
}
