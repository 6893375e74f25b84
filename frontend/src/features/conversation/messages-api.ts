import { useInfiniteQuery } from '@tanstack/react-query'
import type { InfiniteData } from '@tanstack/react-query'
import { apiRequest } from '../../lib/api/http'
import type { Message, Page } from '../../lib/api/types'

export const messagesKeyRoot = 'messages'
export const messagesQueryKey = (chatId: number) => [messagesKeyRoot, chatId] as const

/** pages[0] is the newest page; each page reads oldest to newest; `next` goes back in time. */
export type MessagesData = InfiniteData<Page<Message>>

export function useMessages(chatId: number, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: messagesQueryKey(chatId),
    queryFn: ({ pageParam, signal }) => apiRequest<Page<Message>>(pageParam, { signal }),
    initialPageParam: `/api/chats/${chatId}/messages/?page_size=50`,
    getNextPageParam: (last) => last.next ?? undefined,
    enabled,
    staleTime: Infinity,
  })
}
