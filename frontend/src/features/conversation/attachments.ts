/**
 * What the composer may attach, mirroring the server's checks
 * (multichat/chats/services/outbound_media.py): photos JPEG or PNG, documents PDF, text,
 * CSV or Office files, at most the server's `OUTBOUND_MEDIA_MAX_BYTES` (`GET /api/me/`
 * says it; 16 MiB by default). Checking here gives a clear message before uploading; the
 * server checks again (413/415).
 */

export type AttachmentKind = 'image' | 'document'

/** The server's default, for when `/api/me/` did not say. */
export const DEFAULT_MAX_ATTACHMENT_BYTES = 16 * 1024 * 1024
export const MAX_CAPTION_LENGTH = 1024

const IMAGE_TYPES = ['image/jpeg', 'image/png']
const DOCUMENT_TYPES: Record<string, string[]> = {
  'application/pdf': ['.pdf'],
  'text/plain': ['.txt'],
  'text/csv': ['.csv'],
  'application/msword': ['.doc'],
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': ['.docx'],
  'application/vnd.ms-excel': ['.xls'],
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': ['.xlsx'],
  'application/vnd.ms-powerpoint': ['.ppt'],
  'application/vnd.openxmlformats-officedocument.presentationml.presentation': ['.pptx'],
}

/** The file picker's `accept`: the types and their usual extensions. */
export const ACCEPT = [
  ...IMAGE_TYPES,
  '.jpg',
  '.jpeg',
  '.png',
  ...Object.keys(DOCUMENT_TYPES),
  ...Object.values(DOCUMENT_TYPES).flat(),
].join(',')

function mimeOf(file: File): string {
  const declared = file.type.split(';')[0]?.trim().toLowerCase() ?? ''
  if (declared) return declared
  // Some systems give no type for Office files: go by the extension.
  const name = file.name.toLowerCase()
  const byExtension = Object.entries(DOCUMENT_TYPES).find(([, extensions]) => extensions.some((extension) => name.endsWith(extension)))
  return byExtension?.[0] ?? ''
}

export type AttachmentCheck =
  | { ok: true; kind: AttachmentKind; mimeType: string }
  | { ok: false; reason: 'tooLarge' | 'unsupported' | 'empty' }

export function checkAttachment(file: File, maxBytes: number): AttachmentCheck {
  const mimeType = mimeOf(file)
  const kind: AttachmentKind | null = IMAGE_TYPES.includes(mimeType) ? 'image' : mimeType in DOCUMENT_TYPES ? 'document' : null
  if (kind === null) return { ok: false, reason: 'unsupported' }
  if (file.size > maxBytes) return { ok: false, reason: 'tooLarge' }
  if (file.size === 0) return { ok: false, reason: 'empty' }
  return { ok: true, kind, mimeType }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`
}
