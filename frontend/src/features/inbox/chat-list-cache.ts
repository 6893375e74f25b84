/**
 * Applying a `chat_update` to the cached chat list pages. Pure functions: the same update
 * applied twice gives the same pages.
 */
import { statusMayFollow } from '../../lib/api/status'
import type { Chat, Message, MessageStatusData } from '../../lib/api/types'
import type { ChatListData } from './chat-list-api'

function activityOf(chat: Chat): number {
  return chat.last_message_at ? Date.parse(chat.last_message_at) : 0
}

/** A chat is shown where its last activity puts it; one it already had keeps its place on ties. */
export function upsertChat(data: ChatListData, chat: Chat, { insert }: { insert: boolean }): ChatListData {
  const present = data.pages.some((page) => page.results.some((item) => item.id === chat.id))
  if (!present && !insert) return data
  const previous = data.pages.flatMap((page) => page.results).find((item) => item.id === chat.id)
  const merged = previous && isOlder(chat, previous) ? previous : chat
  const pages = data.pages.map((page) => ({ ...page, results: page.results.filter((item) => item.id !== chat.id) }))
  const lastPage = pages.length - 1
  for (const [index, page] of pages.entries()) {
    const position = page.results.findIndex((item) => activityOf(item) <= activityOf(merged))
    if (position !== -1) {
      page.results.splice(position, 0, merged)
      return { ...data, pages }
    }
    if (index === lastPage && page.next === null) {
      page.results.push(merged)
      return { ...data, pages }
    }
  }
  // Older than everything loaded while more pages exist: it will come with its page.
  return { ...data, pages }
}

/** A stale update (older preview than what we hold) must not win, but its unread count may. */
function isOlder(incoming: Chat, held: Chat): boolean {
  return activityOf(incoming) < activityOf(held)
}

export function patchChat(data: ChatListData, chatId: number, patch: (chat: Chat) => Chat): ChatListData {
  return {
    ...data,
    pages: data.pages.map((page) => ({
      ...page,
      results: page.results.map((chat) => (chat.id === chatId ? patch(chat) : chat)),
    })),
  }
}

/** A new message seen before its `chat_update`: show its preview at once. */
export function withNewMessage(chat: Chat, message: Message): Chat {
  if (chat.last_message && Date.parse(chat.last_message.timestamp) > Date.parse(message.timestamp)) return chat
  if (chat.last_message?.id === message.id) return chat
  return { ...chat, last_message: message, last_message_at: message.timestamp }
}

/** A status change of a chat's last message shows in its preview ticks. */
export function withLastMessageStatus(chat: Chat, change: MessageStatusData): Chat {
  const last = chat.last_message
  if (last?.id !== change.id || !statusMayFollow(last.status, change.status)) return chat
  return { ...chat, last_message: { ...last, status: change.status } }
}

export function patchChats(data: ChatListData, patch: (chat: Chat) => Chat): ChatListData {
  return { ...data, pages: data.pages.map((page) => ({ ...page, results: page.results.map(patch) })) }
}
