import { useVirtualizer } from '@tanstack/react-virtual'
import { useEffect, useRef } from 'react'
import type { KeyboardEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Chat } from '../../lib/api/types'
import { ChatListItem } from './chat-list-item'

export const ROW_HEIGHT = 80
const PREFETCH_ROWS = 15

interface VirtualChatListProps {
  chats: Chat[]
  selectedId: number | null
  onSelect: (chat: Chat) => void
  hasMore: boolean
  loadingMore: boolean
  onLoadMore: () => void
}

/** Only the rows in view are in the DOM, so thousands of chats scroll smoothly. */
export function VirtualChatList({ chats, selectedId, onSelect, hasMore, loadingMore, onLoadMore }: VirtualChatListProps) {
  const { t } = useTranslation()
  const scrollRef = useRef<HTMLDivElement>(null)
  // No React Compiler in this build, so nothing memoizes the virtualizer's functions.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: chats.length + (hasMore ? 1 : 0),
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 8,
    getItemKey: (index) => chats[index]?.id ?? 'loader',
    initialRect: { width: 360, height: 800 },
  })
  const items = virtualizer.getVirtualItems()
  const lastIndex = items.length > 0 ? (items[items.length - 1]?.index ?? 0) : 0

  useEffect(() => {
    if (hasMore && !loadingMore && lastIndex >= chats.length - PREFETCH_ROWS) onLoadMore()
  }, [hasMore, loadingMore, lastIndex, chats.length, onLoadMore])

  const moveFocus = (event: KeyboardEvent<HTMLDivElement>) => {
    const keys: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: 8, PageUp: -8 }
    const step = keys[event.key]
    const current = (document.activeElement as HTMLElement | null)?.closest<HTMLElement>('[data-index]')
    if (step === undefined || !current) return
    event.preventDefault()
    const next = Math.max(0, Math.min(chats.length - 1, Number(current.dataset.index) + step))
    virtualizer.scrollToIndex(next, { align: 'auto' })
    requestAnimationFrame(() => {
      scrollRef.current?.querySelector<HTMLElement>(`[data-index="${next}"] button`)?.focus()
    })
  }

  return (
    <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto overscroll-contain" onKeyDown={moveFocus}>
      <ul aria-label={t('inbox.listLabel')} className="relative w-full" style={{ height: virtualizer.getTotalSize() }}>
        {items.map((item) => {
          const chat = chats[item.index]
          return (
            <li
              key={item.key}
              data-index={item.index}
              className="absolute top-0 left-0 w-full"
              style={{ height: item.size, transform: `translateY(${item.start}px)` }}
            >
              {chat ? (
                <ChatListItem chat={chat} selected={chat.id === selectedId} onSelect={onSelect} />
              ) : (
                <p className="flex h-full items-center justify-center text-sm text-slate-500">{t('inbox.loadingMore')}</p>
              )}
            </li>
          )
        })}
      </ul>
    </div>
  )
}
