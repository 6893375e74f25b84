import { MessagesSquare } from 'lucide-react'
import { useId, useState } from 'react'
import type { SyntheticEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { TFunction } from 'i18next'
import { ApiError } from '../../lib/api/http'
import { LanguageSwitcher } from '../../components/ui/language-switcher'
import { useLogin } from './auth-api'

/** What the form says after a failed sign-in; null when there is nothing to say. */
function describeError(error: Error | null, t: TFunction): string | null {
  if (!error) return null
  if (!(error instanceof ApiError)) return t('login.failed')
  if (error.status === 400 || error.status === 401) return t('login.invalid')
  if (error.status === 429) {
    // The server locks sign-ins after repeated failures: say for how long, in minutes.
    const minutes = Math.max(1, Math.ceil((error.retryAfter ?? 60) / 60))
    return t('login.locked', { count: minutes })
  }
  return t('login.failed')
}

export function LoginScreen() {
  const { t } = useTranslation()
  const login = useLogin()
  const [username, setUsername] = useState('')
  const [password, setPassword] = useState('')
  const errorId = useId()

  const submit = (event: SyntheticEvent) => {
    event.preventDefault()
    login.mutate({ username: username.trim(), password })
  }

  const errorText = describeError(login.error, t)

  return (
    <main className="flex min-h-dvh items-center justify-center bg-[#eae6df] px-4">
      <div className="w-full max-w-sm">
        <div className="mb-6 flex flex-col items-center gap-2 text-center">
          <span className="flex size-14 items-center justify-center rounded-2xl bg-brand text-white shadow-sm">
            <MessagesSquare aria-hidden="true" className="size-7" />
          </span>
          <h1 className="text-2xl font-semibold text-slate-900">{t('app.name')}</h1>
          <p className="text-sm text-slate-600">{t('app.tagline')}</p>
        </div>
        <form onSubmit={submit} className="space-y-4 rounded-2xl bg-white p-6 shadow-md" aria-describedby={errorText ? errorId : undefined}>
          <h2 className="text-lg font-semibold text-slate-900">{t('login.title')}</h2>
          <label className="block text-sm font-medium text-slate-700">
            {t('login.username')}
            <input
              className="field mt-1"
              name="username"
              autoComplete="username"
              required
              value={username}
              onChange={(event) => { setUsername(event.target.value) }}
            />
          </label>
          <label className="block text-sm font-medium text-slate-700">
            {t('login.password')}
            <input
              className="field mt-1"
              name="password"
              type="password"
              autoComplete="current-password"
              required
              value={password}
              onChange={(event) => { setPassword(event.target.value) }}
            />
          </label>
          {errorText && (
            <p id={errorId} role="alert" className="rounded-lg bg-red-50 px-3 py-2 text-sm text-red-800">
              {errorText}
            </p>
          )}
          <button type="submit" className="btn-primary w-full" disabled={login.isPending}>
            {login.isPending ? t('login.submitting') : t('login.submit')}
          </button>
        </form>
        <div className="mt-4 flex justify-center">
          <LanguageSwitcher />
        </div>
      </div>
    </main>
  )
}
