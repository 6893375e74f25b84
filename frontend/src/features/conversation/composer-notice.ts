import type { TFunction } from 'i18next'
import { formatBytes } from './attachments'
import type { SendNotice } from './send-api'

export type LocalProblem = 'tooLarge' | 'unsupported' | 'empty'

/** The composer's message for a refusal by the server or a file refused before upload. */
export function noticeText(
  t: TFunction,
  notice: SendNotice | { refusal: LocalProblem; lastCustomerMessageAt?: null },
  language: string,
  maxAttachmentBytes: number,
): string {
  switch (notice.refusal) {
    case 'window': {
      const at = notice.lastCustomerMessageAt
      if (!at) return t('composer.windowNever')
      const when = new Date(at).toLocaleString(language, { dateStyle: 'short', timeStyle: 'short' })
      return t('composer.window', { when })
    }
    case 'tooLarge':
      return t('composer.tooLarge', { limit: formatBytes(maxAttachmentBytes) })
    case 'unsupported':
      return t('composer.unsupported')
    case 'empty':
      return t('composer.empty')
    case 'invalid':
      return t('composer.invalid')
  }
}
