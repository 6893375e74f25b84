import { ChevronDown } from 'lucide-react'
import { useTranslation } from 'react-i18next'

export function NewMessagesButton({ count, onClick }: { count: number; onClick: () => void }) {
  const { t } = useTranslation()
  return (
    <button
      type="button"
      onClick={onClick}
      className="absolute bottom-4 left-1/2 z-10 flex -translate-x-1/2 items-center gap-1.5 rounded-full bg-white px-4 py-2 text-sm font-medium text-teal-900 shadow-lg ring-1 ring-black/5 hover:bg-slate-50 focus-visible:outline-2 focus-visible:outline-brand"
    >
      <ChevronDown aria-hidden="true" className="size-4" />
      {t('conversation.newMessages', { count })}
    </button>
  )
}
