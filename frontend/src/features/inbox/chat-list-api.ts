import { useInfiniteQuery } from '@tanstack/react-query'
import type { InfiniteData } from '@tanstack/react-query'
import { apiRequest } from '../../lib/api/http'
import type { Chat, Page } from '../../lib/api/types'

export const PAGE_SIZE = 50
export const chatListKeyRoot = 'chats'
export const chatListQueryKey = (search: string) => [chatListKeyRoot, search] as const

export type ChatListData = InfiniteData<Page<Chat>>

function firstPageUrl(search: string): string {
  const params = new URLSearchParams({ page_size: String(PAGE_SIZE) })
  if (search) params.set('q', search)
  return `/api/chats/?${params.toString()}`
}

/** The visible chats, newest activity first, page by page (`enabled` waits for the stream). */
export function useChatList(search: string, enabled: boolean) {
  return useInfiniteQuery({
    queryKey: chatListQueryKey(search),
    queryFn: ({ pageParam, signal }) => apiRequest<Page<Chat>>(pageParam, { signal }),
    initialPageParam: firstPageUrl(search),
    getNextPageParam: (last) => last.next ?? undefined,
    enabled,
    staleTime: Infinity,
  })
}
