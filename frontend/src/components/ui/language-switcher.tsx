import { Languages } from 'lucide-react'
import { useTranslation } from 'react-i18next'

const LANGUAGES = [
  { code: 'pt-BR', label: 'Português', short: 'PT' },
  { code: 'en', label: 'English', short: 'EN' },
] as const

export function LanguageSwitcher({ compact = false }: { compact?: boolean }) {
  const { t, i18n } = useTranslation()
  return (
    <label className="inline-flex items-center gap-1.5 text-sm text-slate-600" title={t('header.language')}>
      {!compact && <Languages aria-hidden="true" className="size-4" />}
      <span className={compact ? 'sr-only' : ''}>{t('header.language')}</span>
      <select
        className={`rounded-md border border-slate-300 bg-white px-1.5 py-1 text-slate-800 focus-visible:outline-2 focus-visible:outline-brand ${compact ? 'text-xs font-medium' : 'text-sm'}`}
        value={i18n.language}
        onChange={(event) => void i18n.changeLanguage(event.target.value)}
      >
        {LANGUAGES.map((language) => (
          <option key={language.code} value={language.code}>
            {compact ? language.short : language.label}
          </option>
        ))}
      </select>
    </label>
  )
}
