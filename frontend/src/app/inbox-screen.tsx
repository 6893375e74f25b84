import { useQueryClient } from '@tanstack/react-query'
import { MessagesSquare } from 'lucide-react'
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import { ChannelWarnings } from '../features/connection/channel-warnings'
import { ConversationView } from '../features/conversation/conversation-view'
import { chatTitle } from '../features/inbox/chat-list-item'
import { ChatListPanel } from '../features/inbox/chat-list-panel'
import type { Chat, Me } from '../lib/api/types'
import { useRealtimeUpdates } from '../lib/realtime/realtime-hooks'
import { NewMessageAnnouncer } from './new-message-announcer'
import { applyChat } from './realtime-cache-sync'
import { SidebarHeader } from './sidebar-header'
import { useSelectedChat } from './use-selected-chat'

export function InboxScreen({ me }: { me: Me }) {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const { ready } = useRealtimeUpdates()
  const { selected, open, close } = useSelectedChat(ready)
  const onRead = useCallback((chat: Chat) => { applyChat(queryClient, chat) }, [queryClient])

  return (
    <div className="flex h-dvh overflow-hidden bg-[#eae6df] md:p-0">
      <NewMessageAnnouncer />
      <aside
        className={`${selected ? 'hidden md:flex' : 'flex'} w-full min-w-0 flex-col border-r border-slate-200 bg-white md:w-[380px] lg:w-[420px] md:shrink-0`}
        aria-label={t('inbox.title')}
      >
        <SidebarHeader me={me} />
        <ChannelWarnings channels={me.channels} />
        <ChatListPanel selectedId={selected?.id ?? null} onSelect={open} ready={ready} />
      </aside>
      <main className={`${selected ? 'flex' : 'hidden md:flex'} min-w-0 flex-1 flex-col`}>
        {selected ? (
          <ConversationView key={selected.id} chat={selected} title={chatTitle(selected)} ready={ready} onBack={close} onRead={onRead} />
        ) : (
          <EmptyConversation />
        )}
      </main>
    </div>
  )
}

function EmptyConversation() {
  const { t } = useTranslation()
  return (
    <div className="flex flex-1 flex-col items-center justify-center gap-3 border-b-8 border-brand bg-[#f0f2f5] p-8 text-center">
      <span className="flex size-20 items-center justify-center rounded-full bg-white text-brand shadow-sm">
        <MessagesSquare aria-hidden="true" className="size-10" />
      </span>
      <h2 className="text-2xl font-light text-slate-800">{t('conversation.pick')}</h2>
      <p className="max-w-sm text-sm text-slate-600">{t('conversation.pickHint')}</p>
    </div>
  )
}
