/**
 * The one place realtime updates reach the TanStack Query cache (no second store).
 * Every step is idempotent, so a replayed update after a resume changes nothing.
 */
import type { QueryClient } from '@tanstack/react-query'
import { meQueryKey } from '../features/auth/auth-api'
import { chatListKeyRoot } from '../features/inbox/chat-list-api'
import type { ChatListData } from '../features/inbox/chat-list-api'
import { patchChat, patchChats, upsertChat, withLastMessageStatus, withNewMessage } from '../features/inbox/chat-list-cache'
import { chatQueryKey } from '../features/conversation/chat-api'
import { addMessage, applyStatus, replaceMessage } from '../features/conversation/message-cache'
import { messagesQueryKey } from '../features/conversation/messages-api'
import type { MessagesData } from '../features/conversation/messages-api'
import type { Chat, Me, RealtimeUpdate } from '../lib/api/types'

/** A query still loading its first answer may have read before the update: fetch it again. */
function refetchIfLoading(client: QueryClient, queryKey: readonly unknown[]): void {
  const state = client.getQueryState(queryKey)
  if (state?.fetchStatus === 'fetching' && state.data === undefined) void client.invalidateQueries({ queryKey, exact: true })
}

export function applyChat(client: QueryClient, chat: Chat): void {
  for (const query of client.getQueryCache().findAll({ queryKey: [chatListKeyRoot] })) {
    const search = query.queryKey[1]
    client.setQueryData<ChatListData>(query.queryKey, (data) => (data ? upsertChat(data, chat, { insert: search === '' }) : data))
    refetchIfLoading(client, query.queryKey)
  }
  client.setQueryData<Chat>(chatQueryKey(chat.id), (held) => (held ? chat : held))
}

function updateMessages(client: QueryClient, chatId: number, change: (data: MessagesData) => MessagesData): void {
  const key = messagesQueryKey(chatId)
  client.setQueryData<MessagesData>(key, (data) => (data ? change(data) : data))
  refetchIfLoading(client, key)
}

export function applyUpdates(client: QueryClient, updates: RealtimeUpdate[]): void {
  for (const update of updates) {
    switch (update.type) {
      case 'new_message': {
        const message = update.data
        updateMessages(client, message.chat, (data) => addMessage(data, message))
        for (const query of client.getQueryCache().findAll({ queryKey: [chatListKeyRoot] })) {
          client.setQueryData<ChatListData>(query.queryKey, (data) =>
            data ? patchChat(data, message.chat, (chat) => withNewMessage(chat, message)) : data,
          )
        }
        break
      }
      case 'message_status':
        for (const query of client.getQueryCache().findAll({ queryKey: ['messages'] })) {
          client.setQueryData<MessagesData>(query.queryKey, (data) => (data ? applyStatus(data, update.data) : data))
        }
        for (const query of client.getQueryCache().findAll({ queryKey: [chatListKeyRoot] })) {
          client.setQueryData<ChatListData>(query.queryKey, (data) =>
            data ? patchChats(data, (chat) => withLastMessageStatus(chat, update.data)) : data,
          )
        }
        break
      case 'message_update':
        updateMessages(client, update.data.chat, (data) => replaceMessage(data, update.data))
        break
      case 'chat_update':
        applyChat(client, update.data)
        break
      case 'channel_update':
        client.setQueryData<Me | null>(meQueryKey, (me) =>
          me
            ? {
                ...me,
                channels: me.channels.map((channel) =>
                  channel.key === update.data.channel ? { ...channel, connection_state: update.data.connection_state } : channel,
                ),
              }
            : me,
        )
        break
      case 'reset':
        break
    }
  }
}

/** The resume point is gone: every chat and message page is fetched again. */
export function refetchAll(client: QueryClient): void {
  void client.invalidateQueries({ predicate: (query) => query.queryKey[0] !== 'chat' })
}
