import { Search, X } from 'lucide-react'
import { useTranslation } from 'react-i18next'

export function SearchBox({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const { t } = useTranslation()
  return (
    <div className="relative px-3 py-2">
      <Search aria-hidden="true" className="pointer-events-none absolute top-1/2 left-6 size-4 -translate-y-1/2 text-slate-500" />
      <input
        type="search"
        aria-label={t('inbox.search')}
        placeholder={t('inbox.search')}
        value={value}
        onChange={(event) => { onChange(event.target.value) }}
        className="h-9 w-full rounded-lg bg-[#f0f2f5] pr-9 pl-10 text-sm text-slate-900 placeholder:text-slate-500 focus-visible:bg-white focus-visible:outline-2 focus-visible:outline-brand [&::-webkit-search-cancel-button]:hidden"
      />
      {value && (
        <button
          type="button"
          onClick={() => { onChange('') }}
          aria-label={t('inbox.clearSearch')}
          className="absolute top-1/2 right-5 -translate-y-1/2 rounded p-1 text-slate-500 hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand"
        >
          <X aria-hidden="true" className="size-4" />
        </button>
      )}
    </div>
  )
}
