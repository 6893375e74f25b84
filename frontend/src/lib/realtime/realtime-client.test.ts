import { describe, expect, it, vi } from 'vitest'
import { fakeStreamFetch, flush, manualTimers, sseEvent } from '../../test/fake-stream'
import { makeMessage } from '../../test/factories'
import { backoffDelay } from './backoff'
import { RealtimeClient } from './realtime-client'

function client(fetchImpl: typeof fetch, timers = manualTimers(), random = () => 0.5) {
  return new RealtimeClient({ fetch: fetchImpl, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout, random })
}

describe('backoffDelay', () => {
  it('grows from 1 s and never passes 30 s, jittered inside its window', () => {
    const options = { baseMs: 1000, maxMs: 30000 }
    expect(backoffDelay(0, { ...options, random: () => 1 })).toBe(1000)
    expect(backoffDelay(3, { ...options, random: () => 1 })).toBe(8000)
    expect(backoffDelay(3, { ...options, random: () => 0 })).toBe(1000)
    expect(backoffDelay(3, { ...options, random: () => 0.5 })).toBe(4500)
    expect(backoffDelay(20, { ...options, random: () => 1 })).toBe(30000)
  })
})

describe('RealtimeClient', () => {
  it('goes live on the first event and hands updates to listeners', async () => {
    const stream = fakeStreamFetch()
    const realtime = client(stream.fetch)
    const received = vi.fn()
    realtime.onUpdates(received)
    realtime.start()
    expect(realtime.getSnapshot()).toMatchObject({ status: 'connecting', ready: false })
    await flush()
    stream.connections[0]?.send('retry: 3000\n\n' + sseEvent(41, []))
    await flush()
    expect(realtime.getSnapshot()).toMatchObject({ status: 'live', ready: true, lastEventId: '41' })
    const message = makeMessage()
    stream.connections[0]?.send(sseEvent(42, [{ type: 'new_message', chat_id: message.chat_id, timestamp: message.timestamp, data: message }]))
    await flush()
    expect(received).toHaveBeenCalledTimes(1)
    expect(received.mock.calls[0]?.[0]).toEqual([expect.objectContaining({ type: 'new_message' })])
  })

  it('reconnects with backoff and resumes from the last event id every time', async () => {
    const stream = fakeStreamFetch({ status: (attempt) => (attempt === 2 || attempt === 3 ? 0 : 200) })
    const timers = manualTimers()
    const realtime = client(stream.fetch, timers, () => 1)
    realtime.start()
    await flush()
    expect(stream.connections[0]?.headers['Last-Event-ID']).toBeUndefined()
    stream.connections[0]?.send(sseEvent(7, []))
    stream.connections[0]?.end()
    await flush()
    expect(realtime.getSnapshot().status).toBe('reconnecting')
    expect(timers.pending.map((timer) => timer.ms)).toEqual([1000])
    timers.runNext() // attempt 2 fails
    await flush()
    expect(timers.pending.map((timer) => timer.ms)).toEqual([2000])
    timers.runNext() // attempt 3 fails
    await flush()
    expect(timers.pending.map((timer) => timer.ms)).toEqual([4000])
    expect(realtime.getSnapshot().status).toBe('offline')
    timers.runNext() // attempt 4 works
    await flush()
    expect(stream.connections.map((connection) => connection.headers['Last-Event-ID'])).toEqual([undefined, '7', '7', '7'])
    stream.connections[3]?.send(sseEvent(9, []))
    await flush()
    expect(realtime.getSnapshot()).toMatchObject({ status: 'live', failures: 0, lastEventId: '9' })
    stream.connections[3]?.end()
    await flush()
    expect(timers.pending.map((timer) => timer.ms)).toEqual([1000]) // backoff starts over once live
  })

  it('reports a reset so the caller refetches, and continues from the reset event id', async () => {
    const stream = fakeStreamFetch()
    const timers = manualTimers()
    const realtime = client(stream.fetch, timers)
    const onReset = vi.fn()
    const onUpdates = vi.fn()
    realtime.onReset(onReset)
    realtime.onUpdates(onUpdates)
    realtime.start()
    await flush()
    stream.connections[0]?.send(sseEvent(500, [{ type: 'reset', chat_id: '', timestamp: '2026-01-01T00:00:00Z', data: {} }]))
    await flush()
    expect(onReset).toHaveBeenCalledTimes(1)
    expect(onUpdates).not.toHaveBeenCalled()
    stream.connections[0]?.end()
    await flush()
    timers.runNext()
    await flush()
    expect(stream.connections[1]?.headers['Last-Event-ID']).toBe('500')
  })

  it('stops retrying when the session is gone', async () => {
    const stream = fakeStreamFetch({ status: () => 401 })
    const timers = manualTimers()
    const realtime = client(stream.fetch, timers)
    realtime.start()
    await flush()
    expect(realtime.getSnapshot().status).toBe('unauthorized')
    expect(timers.pending).toHaveLength(0)
  })

  it('parses events split across chunks, with comments and CRLF', async () => {
    const stream = fakeStreamFetch()
    const realtime = client(stream.fetch)
    const received = vi.fn()
    realtime.onUpdates(received)
    realtime.start()
    await flush()
    const message = makeMessage()
    const text = ': ping\r\n\r\n' + sseEvent(3, [{ type: 'new_message', chat_id: '', timestamp: '', data: message }]).replace(/\n/g, '\r\n')
    for (const chunk of [text.slice(0, 5), text.slice(5, 40), text.slice(40)]) {
      stream.connections[0]?.send(chunk)
      await flush(2)
    }
    expect(received).toHaveBeenCalledTimes(1)
    expect(realtime.getSnapshot().lastEventId).toBe('3')
  })

  it('notifies useSyncExternalStore subscribers only when the state changes', async () => {
    const stream = fakeStreamFetch()
    const realtime = client(stream.fetch)
    const listener = vi.fn()
    realtime.subscribe(listener)
    realtime.start()
    await flush()
    stream.connections[0]?.send(sseEvent(1, []))
    await flush()
    const calls = listener.mock.calls.length
    const snapshot = realtime.getSnapshot()
    stream.connections[0]?.send(': ping\n\n')
    await flush()
    expect(listener.mock.calls.length).toBe(calls)
    expect(realtime.getSnapshot()).toBe(snapshot)
    realtime.stop()
  })
})
