/**
 * React bindings of the one `RealtimeClient` of the tab. The client lives outside React
 * (created once in the app shell) and is handed down by `RealtimeProvider`.
 */
import { createContext, createElement, useContext, useEffect, useRef, useSyncExternalStore } from 'react'
import type { ReactNode } from 'react'
import type { Chat, Message, RealtimeUpdate } from '../api/types'
import type { RealtimeClient, RealtimeSnapshot } from './realtime-client'

const RealtimeContext = createContext<RealtimeClient | null>(null)

export function RealtimeProvider({ client, children }: { client: RealtimeClient; children: ReactNode }) {
  return createElement(RealtimeContext.Provider, { value: client }, children)
}

export function useRealtimeClient(): RealtimeClient {
  const client = useContext(RealtimeContext)
  if (!client) throw new Error('useRealtimeClient needs a <RealtimeProvider>')
  return client
}

/** The connection's state: status, last event id, whether it is safe to fetch. */
export function useRealtimeUpdates(): RealtimeSnapshot {
  const client = useRealtimeClient()
  return useSyncExternalStore(client.subscribe, client.getSnapshot)
}

/** Calls `listener` with every batch of updates; the latest listener is always used. */
export function useRealtimeListener(listener: (updates: RealtimeUpdate[]) => void): void {
  const client = useRealtimeClient()
  const latest = useRef(listener)
  useEffect(() => {
    latest.current = listener
  })
  useEffect(() => client.onUpdates((updates) => { latest.current(updates) }), [client])
}

/** New messages and chat changes of one chat (our chat `id`). */
export function useChatUpdates(
  chatId: number | null,
  onNewMessage: (message: Message) => void,
  onChatUpdate?: (chat: Chat) => void,
): void {
  useRealtimeListener((updates) => {
    if (chatId === null) return
    for (const update of updates) {
      if (update.type === 'new_message' && update.data.chat === chatId) onNewMessage(update.data)
      else if (update.type === 'chat_update' && update.data.id === chatId) onChatUpdate?.(update.data)
    }
  })
}

/** Every chat change the caller may see (previews, unread counts, names). */
export function useChatListUpdates(onChatUpdate: (chat: Chat) => void): void {
  useRealtimeListener((updates) => {
    for (const update of updates) {
      if (update.type === 'chat_update') onChatUpdate(update.data)
    }
  })
}
