/**
 * A scripted `fetch` for the realtime client: every call opens a new stream the test
 * writes SSE text into (`send`), ends (`end`) or breaks (`fail`).
 */
import type { RealtimeUpdate } from '../lib/api/types'

export interface FakeConnection {
  headers: Record<string, string>
  send: (text: string) => void
  end: () => void
}

export function sseEvent(id: number, updates: RealtimeUpdate[]): string {
  return `id: ${id}\ndata: ${JSON.stringify({ timestamp: '2026-01-01T00:00:00Z', updates })}\n\n`
}

export function fakeStreamFetch(options: { status?: (attempt: number) => number } = {}) {
  const connections: FakeConnection[] = []
  let attempt = 0
  const fetchImpl = (_url: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    attempt += 1
    const status = options.status?.(attempt) ?? 200
    const headers = { ...(init?.headers as Record<string, string> | undefined) }
    if (status === 0) {
      connections.push({ headers, send: () => undefined, end: () => undefined })
      return Promise.reject(new TypeError('network down'))
    }
    let controller!: ReadableStreamDefaultController<Uint8Array>
    const body = new ReadableStream<Uint8Array>({ start: (c) => { controller = c } })
    const encoder = new TextEncoder()
    init?.signal?.addEventListener('abort', () => { try { controller.error(new DOMException('aborted', 'AbortError')) } catch { /* closed */ } })
    connections.push({
      headers,
      send: (text) => { controller.enqueue(encoder.encode(text)) },
      end: () => { controller.close() },
    })
    return Promise.resolve(new Response(status === 200 ? body : null, { status }))
  }
  return { fetch: fetchImpl, connections }
}

/** Lets pending promise callbacks and stream reads run. */
export async function flush(times = 5): Promise<void> {
  for (let index = 0; index < times; index += 1) await new Promise((resolve) => setTimeout(resolve, 0))
}

/** A manual timer queue for the client's reconnect delays. */
export function manualTimers() {
  const pending: { callback: () => void; ms: number }[] = []
  return {
    pending,
    setTimeout: (callback: () => void, ms: number) => {
      const timer = { callback, ms }
      pending.push(timer)
      return timer
    },
    clearTimeout: (handle: unknown) => {
      const index = pending.indexOf(handle as { callback: () => void; ms: number })
      if (index !== -1) pending.splice(index, 1)
    },
    runNext: () => { pending.shift()?.callback() },
  }
}
