import { useQueryClient } from '@tanstack/react-query'
import type { Me } from '../../lib/api/types'
import { meQueryKey } from '../auth/auth-api'
import { DEFAULT_MAX_ATTACHMENT_BYTES } from './attachments'

/**
 * The server's upload limit, from the signed-in user's `GET /api/me/` already in the
 * cache (the inbox only shows once it is there): the page refuses exactly what the
 * server would, whatever `OUTBOUND_MEDIA_MAX_BYTES` the operator chose.
 */
export function useAttachmentLimit(): number {
  const me = useQueryClient().getQueryData<Me | null>(meQueryKey)
  return me?.limits?.attachment_max_bytes ?? DEFAULT_MAX_ATTACHMENT_BYTES
}
