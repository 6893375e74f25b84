/**
 * Reconnect delays: the window grows exponentially from `baseMs` to `maxMs`, and the
 * delay is drawn at random inside `[baseMs, window]` so that a server restart is not
 * met by every open tab at the same instant. Never sooner than `baseMs`, never later
 * than `maxMs`.
 */
export interface BackoffOptions {
  baseMs: number
  maxMs: number
  random: () => number
}

export function backoffDelay(attempt: number, { baseMs, maxMs, random }: BackoffOptions): number {
  const window = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt))
  return Math.round(baseMs + random() * (window - baseMs))
}
