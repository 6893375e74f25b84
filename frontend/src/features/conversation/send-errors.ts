import type { SendError } from '../../lib/api/types'

/**
 * The translation key saying, in plain words, why a message failed. Codes come from the
 * server (`message.error.code`, docs/outbound.md) or from this app (`network`, `server`
 * when the POST itself failed).
 */
export function sendErrorKey(error: SendError | null | undefined): string {
  const code = error?.code ?? ''
  const status = error?.http_status ?? null
  switch (code) {
    case 'meta_131047':
      return 'sendError.window'
    case 'meta_131026':
      return 'sendError.undeliverable'
    case 'meta_130429':
    case 'meta_131048':
    case 'meta_131056':
      return 'sendError.rateLimited'
    case 'transient':
      return 'sendError.unreachable'
    case 'network':
      return 'sendError.network'
    case 'server':
      return 'sendError.server'
    case 'unsendable':
      return 'sendError.unsendable'
  }
  if (status === 401 || status === 403) return 'sendError.credentials'
  if (code.startsWith('meta_') || code === 'evolution_error' || code === 'rejected') return 'sendError.refused'
  return 'sendError.generic'
}
