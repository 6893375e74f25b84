import { QueryClient } from '@tanstack/react-query'
import { describe, expect, it } from 'vitest'
import { chatListQueryKey } from '../features/inbox/chat-list-api'
import type { ChatListData } from '../features/inbox/chat-list-api'
import { flattenMessages } from '../features/conversation/message-cache'
import { messagesQueryKey } from '../features/conversation/messages-api'
import type { MessagesData } from '../features/conversation/messages-api'
import type { RealtimeUpdate } from '../lib/api/types'
import { makeChat, makeMessage } from '../test/factories'
import { applyUpdates } from './realtime-cache-sync'

describe('applyUpdates', () => {
  it('is idempotent: a batch replayed after a resume changes nothing more', () => {
    const client = new QueryClient()
    const [older, chat] = [makeChat(), makeChat({ unread_count: 0 })]
    const first = makeMessage({ chat: chat.id })
    client.setQueryData<ChatListData>(chatListQueryKey(''), { pages: [{ results: [older, chat], next: null }], pageParams: [''] })
    client.setQueryData<MessagesData>(messagesQueryKey(chat.id), { pages: [{ results: [first], next: null }], pageParams: [''] })
    const incoming = makeMessage({ chat: chat.id, timestamp: '2031-01-01T00:00:00Z', content: 'nova' })
    const updated = { ...chat, unread_count: 1, last_message: incoming, last_message_at: incoming.timestamp }
    const batch: RealtimeUpdate[] = [
      { type: 'new_message', chat_id: chat.chat_id, timestamp: incoming.timestamp, data: incoming },
      { type: 'chat_update', chat_id: chat.chat_id, timestamp: incoming.timestamp, data: updated },
      { type: 'message_status', chat_id: chat.chat_id, timestamp: incoming.timestamp, data: { id: first.id, provider_message_id: null, status: 'read' } },
    ]
    applyUpdates(client, batch)
    const afterOnce = {
      list: client.getQueryData(chatListQueryKey('')),
      messages: client.getQueryData(messagesQueryKey(chat.id)),
    }
    applyUpdates(client, batch)
    expect(client.getQueryData(chatListQueryKey(''))).toEqual(afterOnce.list)
    expect(client.getQueryData(messagesQueryKey(chat.id))).toEqual(afterOnce.messages)

    const list = client.getQueryData<ChatListData>(chatListQueryKey(''))
    expect(list?.pages[0]?.results.map((item) => item.id)).toEqual([chat.id, older.id])
    expect(list?.pages[0]?.results[0]).toMatchObject({ unread_count: 1, last_message: { content: 'nova' } })
    const messages = flattenMessages(client.getQueryData<MessagesData>(messagesQueryKey(chat.id)))
    expect(messages.map((message) => message.content)).toEqual([first.content, 'nova'])
    expect(messages[0]?.status).toBe('read')
  })
})
