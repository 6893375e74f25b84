import { File as FileIcon, X } from 'lucide-react'
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import type { AttachmentKind } from './attachments'
import { formatBytes } from './attachments'

/** The picked file above the caption: a thumbnail for a photo, name and size for a document. */
export function AttachmentPreview({ file, kind, onRemove }: { file: File; kind: AttachmentKind; onRemove: () => void }) {
  const { t } = useTranslation()
  const thumbnail = useRef<HTMLImageElement>(null)
  useEffect(() => {
    const image = thumbnail.current
    if (kind !== 'image' || !image) return
    const objectUrl = URL.createObjectURL(file)
    image.src = objectUrl
    return () => { URL.revokeObjectURL(objectUrl) }
  }, [file, kind])
  return (
    <div className="mb-2 flex items-center gap-3 rounded-lg bg-white p-2 shadow-sm" role="group" aria-label={t('composer.attachment')}>
      {kind === 'image' ? (
        <img ref={thumbnail} alt={file.name} className="size-16 shrink-0 rounded-md bg-slate-100 object-cover" />
      ) : (
        <span className="flex size-16 shrink-0 items-center justify-center rounded-md bg-slate-100 text-slate-600">
          <FileIcon aria-hidden="true" className="size-7" />
        </span>
      )}
      <span className="min-w-0 flex-1">
        <span className="block truncate text-sm font-medium text-slate-900">{file.name}</span>
        <span className="block text-xs text-slate-600">
          {kind === 'image' ? t('media.image') : t('media.document')} · {formatBytes(file.size)}
        </span>
      </span>
      <button
        type="button"
        onClick={onRemove}
        aria-label={t('composer.removeAttachment')}
        className="rounded-full p-2 text-slate-600 hover:bg-black/5 focus-visible:outline-2 focus-visible:outline-brand"
      >
        <X aria-hidden="true" className="size-5" />
      </button>
    </div>
  )
}
