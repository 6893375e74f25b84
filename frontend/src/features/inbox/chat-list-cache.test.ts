import { describe, expect, it } from 'vitest'
import { makeChat, makeMessage } from '../../test/factories'
import type { ChatListData } from './chat-list-api'
import { upsertChat, withLastMessageStatus, withNewMessage } from './chat-list-cache'

function list(...groups: ReturnType<typeof makeChat>[][]): ChatListData {
  return { pages: groups.map((results, index) => ({ results, next: index < groups.length - 1 ? `/p/${index}` : null })), pageParams: [] }
}

const ids = (data: ChatListData) => data.pages.flatMap((page) => page.results.map((chat) => chat.id))

describe('chat list cache', () => {
  it('moves a chat with new activity to the top, once', () => {
    const [a, b, c] = [makeChat(), makeChat(), makeChat()]
    const moved = { ...c, last_message_at: new Date(Date.parse(a.last_message_at ?? '') + 1000).toISOString(), unread_count: 1 }
    const once = upsertChat(list([a, b], [c]), moved, { insert: true })
    expect(ids(once)).toEqual([c.id, a.id, b.id])
    expect(ids(upsertChat(once, moved, { insert: true }))).toEqual([c.id, a.id, b.id])
    expect(once.pages[0]?.results[0]?.unread_count).toBe(1)
  })

  it('updates a read marker in place', () => {
    const [a, b] = [makeChat({ unread_count: 3 }), makeChat()]
    const read = upsertChat(list([a, b]), { ...a, unread_count: 0 }, { insert: true })
    expect(ids(read)).toEqual([a.id, b.id])
    expect(read.pages[0]?.results[0]?.unread_count).toBe(0)
  })

  it('adds a brand-new chat to the full list but not to a search result', () => {
    const a = makeChat()
    const fresh = makeChat({ last_message_at: '2030-01-01T00:00:00Z' })
    expect(ids(upsertChat(list([a]), fresh, { insert: true }))).toEqual([fresh.id, a.id])
    expect(ids(upsertChat(list([a]), fresh, { insert: false }))).toEqual([a.id])
  })

  it('keeps a chat older than every loaded row for the page that will bring it', () => {
    const [a, b] = [makeChat(), makeChat()]
    const old = makeChat({ last_message_at: '2000-01-01T00:00:00Z' })
    const data: ChatListData = { pages: [{ results: [a, b], next: '/more' }], pageParams: [] }
    expect(ids(upsertChat(data, old, { insert: true }))).toEqual([a.id, b.id])
  })

  it('shows a new message preview and its later ticks, never backwards', () => {
    const chat = makeChat()
    const message = makeMessage({ chat: chat.id, from_me: true, status: 'sent', timestamp: '2031-01-01T00:00:00Z' })
    const withPreview = withNewMessage(chat, message)
    expect(withPreview.last_message?.id).toBe(message.id)
    const read = withLastMessageStatus(withPreview, { id: message.id, provider_message_id: null, status: 'read' })
    expect(withLastMessageStatus(read, { id: message.id, provider_message_id: null, status: 'delivered' }).last_message?.status).toBe('read')
  })
})
