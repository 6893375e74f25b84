import { describe, expect, it } from 'vitest'
import { makeMessage } from '../../test/factories'
import { addMessage, applyRetried, applyStatus, flattenMessages, markFailed, removeOptimistic, replaceMessage } from './message-cache'
import type { MessagesData } from './messages-api'

function pages(...groups: ReturnType<typeof makeMessage>[][]): MessagesData {
  return { pages: groups.map((results, index) => ({ results, next: index < groups.length - 1 ? `/older/${index}` : null })), pageParams: groups.map((_, index) => index) }
}

describe('message cache', () => {
  it('reads oldest page first, each page in order', () => {
    const [a, b, c] = [makeMessage(), makeMessage(), makeMessage()]
    expect(flattenMessages(pages([c], [a, b])).map((message) => message.id)).toEqual([a.id, b.id, c.id])
  })

  it('adds a new message once, however often it is delivered', () => {
    const held = makeMessage()
    const incoming = makeMessage()
    const once = addMessage(pages([held]), incoming)
    const twice = addMessage(once, incoming)
    expect(flattenMessages(twice).map((message) => message.id)).toEqual([held.id, incoming.id])
  })

  it('replaces the optimistic copy by the server row with the same client id, in either order', () => {
    const optimistic = makeMessage({ id: -5, client_id: 'c-1', from_me: true, status: 'pending' })
    const stored = makeMessage({ id: 77, client_id: 'c-1', from_me: true, status: 'pending', content: optimistic.content })
    const start = addMessage(pages([makeMessage()]), optimistic)
    const viaPost = addMessage(start, stored)
    const viaEventThenPost = addMessage(addMessage(start, stored), stored)
    for (const data of [viaPost, viaEventThenPost]) {
      const mine = flattenMessages(data).filter((message) => message.client_id === 'c-1')
      expect(mine).toHaveLength(1)
      expect(mine[0]?.id).toBe(77)
    }
  })

  it('never moves a status backwards, from a status update or a replayed message', () => {
    const message = makeMessage({ from_me: true, status: 'sent' })
    let data = pages([message])
    data = applyStatus(data, { id: message.id, provider_message_id: null, status: 'read' })
    data = applyStatus(data, { id: message.id, provider_message_id: null, status: 'delivered' })
    expect(flattenMessages(data)[0]?.status).toBe('read')
    data = addMessage(data, { ...message, status: 'sent' })
    expect(flattenMessages(data)[0]?.status).toBe('read')
    data = replaceMessage(data, { ...message, status: 'delivered', edited_at: '2026-01-10T12:00:00Z', content: 'editada' })
    expect(flattenMessages(data)[0]).toMatchObject({ status: 'read', content: 'editada' })
  })

  it('marks only the optimistic copy failed when the POST fails', () => {
    const optimistic = makeMessage({ id: -9, client_id: 'c-9', from_me: true, status: 'pending' })
    const data = markFailed(pages([optimistic]), 'c-9')
    expect(flattenMessages(data)[0]?.status).toBe('failed')
  })

  it('lets a failed message go back to pending only for a retry, clearing its error; a late answer never undoes a newer status', () => {
    const failed = makeMessage({ from_me: true, status: 'failed', error: { code: 'meta_131026' } })
    let data = pages([failed])
    data = applyStatus(data, { id: failed.id, provider_message_id: null, status: 'pending' })
    expect(flattenMessages(data)[0]).toMatchObject({ status: 'pending', error: null })
    data = applyStatus(data, { id: failed.id, provider_message_id: 'wamid.X', status: 'sent' })
    data = applyRetried(data, { ...failed, status: 'pending', error: null })
    expect(flattenMessages(data)[0]?.status).toBe('sent')
    data = addMessage(data, { ...failed, status: 'pending' })
    expect(flattenMessages(data)[0]?.status).toBe('sent')
  })

  it('removes only the optimistic copy a refusal names', () => {
    const kept = makeMessage({ id: -1, client_id: 'keep', from_me: true, status: 'pending' })
    const refused = makeMessage({ id: -2, client_id: 'refused', from_me: true, status: 'pending' })
    expect(flattenMessages(removeOptimistic(pages([kept, refused]), 'refused')).map((message) => message.client_id)).toEqual(['keep'])
  })
})
