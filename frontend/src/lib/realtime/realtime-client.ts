/**
 * One realtime connection per tab: a plain class, so React renders never open or close
 * it. Hooks read its state with `useSyncExternalStore` (`subscribe` + `getSnapshot`) and
 * receive updates with `onUpdates`.
 *
 * Guarantees:
 * - reconnects after any failure with exponential backoff and jitter (1 s to 30 s);
 * - every reconnect resumes with `Last-Event-ID: <last id seen>`, so the server replays
 *   what was missed, in order;
 * - a `reset` update (resume point gone) is reported through `onReset` so the caller
 *   refetches, and the stream continues from that event's id;
 * - a 401/403 stops retrying and is reported as `unauthorized`.
 */
import type { RealtimeEvent, RealtimeUpdate } from '../api/types'
import { backoffDelay } from './backoff'
import { SseParser } from './sse-parser'

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'unauthorized' | 'stopped'

export interface RealtimeSnapshot {
  status: ConnectionStatus
  lastEventId: string | null
  /** Consecutive failed attempts since the stream was last live. */
  failures: number
  /** True once the stream has been opened at least once (or failed once): safe to fetch. */
  ready: boolean
}

export interface RealtimeClientOptions {
  url?: string
  fetch?: typeof fetch
  random?: () => number
  setTimeout?: (callback: () => void, ms: number) => unknown
  clearTimeout?: (handle: unknown) => void
  baseDelayMs?: number
  maxDelayMs?: number
  /** After this many failed attempts in a row the status says `offline` (still retrying). */
  offlineAfterFailures?: number
}

type UpdatesListener = (updates: RealtimeUpdate[]) => void

export class RealtimeClient {
  private snapshot: RealtimeSnapshot = { status: 'stopped', lastEventId: null, failures: 0, ready: false }
  private readonly listeners = new Set<() => void>()
  private readonly updateListeners = new Set<UpdatesListener>()
  private readonly resetListeners = new Set<() => void>()
  private abort: AbortController | null = null
  private retryTimer: unknown = null
  private readonly options: Required<RealtimeClientOptions>

  constructor(options: RealtimeClientOptions = {}) {
    this.options = {
      url: '/api/chats/realtime-updates/',
      fetch: (input, init) => fetch(input, init),
      random: Math.random,
      setTimeout: (callback, ms) => window.setTimeout(callback, ms),
      clearTimeout: (handle) => { window.clearTimeout(handle as number) },
      baseDelayMs: 1000,
      maxDelayMs: 30000,
      offlineAfterFailures: 3,
      ...options,
    }
  }

  // --- useSyncExternalStore ---
  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  getSnapshot = (): RealtimeSnapshot => this.snapshot

  // --- data ---
  onUpdates(listener: UpdatesListener): () => void {
    this.updateListeners.add(listener)
    return () => this.updateListeners.delete(listener)
  }

  onReset(listener: () => void): () => void {
    this.resetListeners.add(listener)
    return () => this.resetListeners.delete(listener)
  }

  // --- lifecycle ---
  start(): void {
    if (this.snapshot.status !== 'stopped' && this.snapshot.status !== 'unauthorized') return
    this.setSnapshot({ status: 'connecting', failures: 0 })
    void this.connect()
  }

  stop(): void {
    this.abort?.abort()
    this.abort = null
    if (this.retryTimer !== null) this.options.clearTimeout(this.retryTimer)
    this.retryTimer = null
    this.setSnapshot({ status: 'stopped', failures: 0 })
  }

  /** Skip the wait: try now (e.g. the browser says it is back online). */
  reconnectNow(): void {
    if (this.retryTimer === null) return
    this.options.clearTimeout(this.retryTimer)
    this.retryTimer = null
    void this.connect()
  }

  private async connect(): Promise<void> {
    const abort = new AbortController()
    this.abort = abort
    const headers: Record<string, string> = { Accept: 'text/event-stream' }
    if (this.snapshot.lastEventId !== null) headers['Last-Event-ID'] = this.snapshot.lastEventId
    try {
      const response = await this.options.fetch(this.options.url, {
        headers,
        credentials: 'same-origin',
        cache: 'no-store',
        signal: abort.signal,
      })
      if (response.status === 401 || response.status === 403) {
        this.setSnapshot({ status: 'unauthorized', ready: true })
        return
      }
      if (!response.ok || !response.body) throw new Error(`stream answered ${response.status}`)
      await this.read(response.body, abort.signal)
    } catch {
      // network error, abort, or a broken stream: handled below
    }
    if (abort.signal.aborted || this.abort !== abort) return
    this.scheduleRetry()
  }

  private async read(body: ReadableStream<Uint8Array>, signal: AbortSignal): Promise<void> {
    const reader = body.getReader()
    const decoder = new TextDecoder()
    const parser = new SseParser(({ id, data }) => { this.receive(id, data) })
    for (;;) {
      if (signal.aborted) return
      const { done, value } = await reader.read()
      if (done) return
      parser.push(decoder.decode(value, { stream: true }))
    }
  }

  private receive(id: string | null, data: string): void {
    let event: RealtimeEvent
    try {
      event = JSON.parse(data) as RealtimeEvent
    } catch {
      return
    }
    this.setSnapshot({ status: 'live', failures: 0, ready: true, lastEventId: id ?? this.snapshot.lastEventId })
    const updates = event.updates
    if (updates.some((update) => update.type === 'reset')) {
      this.resetListeners.forEach((listener) => { listener() })
    }
    const rest = updates.filter((update) => update.type !== 'reset')
    if (rest.length > 0) this.updateListeners.forEach((listener) => { listener(rest) })
  }

  private scheduleRetry(): void {
    const failures = this.snapshot.failures + 1
    const status = failures >= this.options.offlineAfterFailures ? 'offline' : 'reconnecting'
    this.setSnapshot({ status, failures, ready: true })
    const delay = backoffDelay(failures - 1, {
      baseMs: this.options.baseDelayMs,
      maxMs: this.options.maxDelayMs,
      random: this.options.random,
    })
    this.retryTimer = this.options.setTimeout(() => {
      this.retryTimer = null
      if (this.snapshot.status === 'offline') this.setSnapshot({ status: 'offline' })
      else this.setSnapshot({ status: 'reconnecting' })
      void this.connect()
    }, delay)
  }

  private setSnapshot(change: Partial<RealtimeSnapshot>): void {
    const next = { ...this.snapshot, ...change }
    const same = (Object.keys(next) as (keyof RealtimeSnapshot)[]).every((key) => next[key] === this.snapshot[key])
    if (same) return
    this.snapshot = next
    this.listeners.forEach((listener) => { listener() })
  }
}
