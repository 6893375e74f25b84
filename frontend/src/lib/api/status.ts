import type { MessageStatus } from './types'

// The server's ranks (multichat/chats/status.py): statuses only move forward; `failed`
// sits between `sent` and `delivered`.
const RANK: Record<MessageStatus, number> = { pending: 0, sent: 1, failed: 2, delivered: 3, read: 4 }

export function statusMovesForward(current: MessageStatus, next: MessageStatus): boolean {
  return RANK[next] > RANK[current]
}

/**
 * Forward, or the one backwards move the server makes: `failed` → `pending` when an agent
 * asks to send a failed message again (`POST /api/messages/{id}/retry/`).
 */
export function statusMayFollow(current: MessageStatus, next: MessageStatus): boolean {
  return statusMovesForward(current, next) || (current === 'failed' && next === 'pending')
}
