import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query'
import { apiRequest } from '../../lib/api/http'
import type { Chat } from '../../lib/api/types'

export const chatQueryKey = (chatId: number) => ['chat', chatId] as const

/** The open chat, kept fresh by the realtime sync (`chat_update`) — never fetched alone. */
export function useOpenChat(initial: Chat): Chat {
  const { data } = useQuery({
    queryKey: chatQueryKey(initial.id),
    queryFn: () => initial,
    initialData: initial,
    enabled: false,
  })
  return data
}

/** `POST /api/chats/{id}/read/`; the answer (unread 0) goes to every cache holding the chat. */
export function useMarkRead(onRead: (chat: Chat) => void) {
  return useMutation({
    mutationFn: (chatId: number) => apiRequest<Chat>(`/api/chats/${chatId}/read/`, { method: 'POST' }),
    onSuccess: onRead,
  })
}

export function useSetChatQueryData() {
  const queryClient = useQueryClient()
  return (chat: Chat) => { queryClient.setQueryData(chatQueryKey(chat.id), chat) }
}
