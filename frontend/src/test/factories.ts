import type { Chat, Message } from '../lib/api/types'

let nextId = 1000

export function makeMessage(overrides: Partial<Message> = {}): Message {
  nextId += 1
  return {
    id: nextId,
    chat: 1,
    chat_id: '5511987654321',
    provider_message_id: `wamid.${nextId}`,
    client_id: null,
    type: 'text',
    content: `mensagem ${nextId}`,
    timestamp: new Date(Date.UTC(2026, 0, 10, 12, 0, nextId % 60)).toISOString(),
    sender: '5511987654321',
    sender_name: 'Maria Silva',
    from_me: false,
    status: 'delivered',
    media: null,
    details: null,
    reply_to: null,
    reactions: [],
    edited_at: null,
    deleted: false,
    ...overrides,
  }
}

export function makeChat(overrides: Partial<Chat> = {}): Chat {
  nextId += 1
  return {
    id: nextId,
    chat_id: `55119${String(nextId).padStart(8, '0')}`,
    channel: 'demo-meta',
    channel_phone: '5511940001234',
    name: `Cliente ${nextId}`,
    phone: `55119${String(nextId).padStart(8, '0')}`,
    is_group: false,
    last_message_at: new Date(Date.UTC(2026, 0, 10, 12, 0, 0) - nextId * 1000).toISOString(),
    message_count: 1,
    unread_count: 0,
    last_message: null,
    ...overrides,
  }
}
