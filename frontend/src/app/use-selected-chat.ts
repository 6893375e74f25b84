import { useQueryClient } from '@tanstack/react-query'
import { useCallback, useEffect, useMemo, useState } from 'react'
import { useChatList } from '../features/inbox/chat-list-api'
import { apiRequest } from '../lib/api/http'
import type { Chat } from '../lib/api/types'
import { applyChat } from './realtime-cache-sync'

const PARAM = 'chat'

function idInUrl(): number | null {
  const value = Number(new URLSearchParams(location.search).get(PARAM))
  return Number.isInteger(value) && value > 0 ? value : null
}

function urlFor(chatId: number | null): string {
  const params = new URLSearchParams(location.search)
  if (chatId === null) params.delete(PARAM)
  else params.set(PARAM, String(chatId))
  const query = params.toString()
  return `${location.pathname}${query ? `?${query}` : ''}${location.hash}`
}

/**
 * The open chat lives in the URL (`?chat=<id>`, so a reload or a shared link keeps it)
 * and in the history (so a phone's back gesture returns to the list).
 */
export function useSelectedChat(ready: boolean) {
  const queryClient = useQueryClient()
  const [wanted, setWanted] = useState<number | null>(idInUrl)
  const [selected, setSelected] = useState<Chat | null>(() => {
    const state = history.state as { chat?: Chat } | null
    return state?.chat && state.chat.id === idInUrl() ? state.chat : null
  })
  const [fetched, setFetched] = useState<Chat | null>(null)
  const list = useChatList('', ready && wanted !== null && selected === null)
  const fromList = useMemo(
    () => (wanted === null ? undefined : list.data?.pages.flatMap((page) => page.results).find((chat) => chat.id === wanted)),
    [wanted, list.data],
  )

  // Opened from the URL alone: the chat from the first list page, else asked for (opening
  // a chat marks it read, which `POST /read/` does and answers the chat with).
  const missing = wanted !== null && selected === null && list.isSuccess && !fromList
  useEffect(() => {
    if (!missing) return
    let cancelled = false
    apiRequest<Chat>(`/api/chats/${wanted}/read/`, { method: 'POST' }).then(
      (chat) => {
        applyChat(queryClient, chat)
        if (!cancelled) setFetched(chat)
      },
      () => {
        if (!cancelled) {
          setWanted(null)
          history.replaceState(null, '', urlFor(null))
        }
      },
    )
    return () => { cancelled = true }
  }, [missing, wanted, queryClient])

  useEffect(() => {
    const onPop = () => {
      const state = history.state as { chat?: Chat } | null
      setSelected(state?.chat ?? null)
      setWanted(state?.chat?.id ?? idInUrl())
    }
    window.addEventListener('popstate', onPop)
    return () => { window.removeEventListener('popstate', onPop) }
  }, [])

  // The history is written here, never inside a state updater: React may run an updater
  // twice (it does under StrictMode), and a second pushState would make the back button
  // land on the same chat instead of the list.
  const open = useCallback((chat: Chat) => {
    setWanted(chat.id)
    if (selected?.id === chat.id) return
    if (selected) history.replaceState({ chat }, '', urlFor(chat.id))
    else history.pushState({ chat }, '', urlFor(chat.id))
    setSelected(chat)
  }, [selected])

  const close = useCallback(() => {
    if ((history.state as { chat?: Chat } | null)?.chat) history.back()
    else {
      history.replaceState(null, '', urlFor(null))
      setSelected(null)
      setWanted(null)
    }
  }, [])

  const current = selected ?? fromList ?? (fetched?.id === wanted ? fetched : null)
  return { selected: wanted === null ? null : current, open, close }
}
