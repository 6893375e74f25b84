import { useCallback, useMemo, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Chat } from '../../lib/api/types'
import { useChatList } from './chat-list-api'
import { SearchBox } from './search-box'
import { searchQuery } from './search-query'
import { useDebouncedValue } from './use-debounced-value'
import { VirtualChatList } from './virtual-chat-list'

interface ChatListPanelProps {
  selectedId: number | null
  onSelect: (chat: Chat) => void
  /** False until the realtime stream is open, so no update falls between fetch and stream. */
  ready: boolean
}

export function ChatListPanel({ selectedId, onSelect, ready }: ChatListPanelProps) {
  const { t } = useTranslation()
  const [typed, setTyped] = useState('')
  const search = searchQuery(useDebouncedValue(typed, 250))
  const list = useChatList(search, ready)
  const chats = useMemo(() => list.data?.pages.flatMap((page) => page.results) ?? [], [list.data])
  const { fetchNextPage } = list
  // cancelRefetch: false — a scroll that asks again while a page is on its way must not
  // abandon that request and start the same page over.
  const loadMore = useCallback(
    () => void fetchNextPage({ cancelRefetch: false }),
    [fetchNextPage],
  )

  return (
    <>
      <SearchBox value={typed} onChange={setTyped} />
      {list.isPending ? (
        <p className="p-6 text-center text-sm text-slate-600" role="status">
          {t('inbox.loading')}
        </p>
      ) : list.isError ? (
        <div className="p-6 text-center text-sm text-slate-700" role="alert">
          <p>{t('inbox.error')}</p>
          <button type="button" className="btn-secondary mt-3" onClick={() => void list.refetch()}>
            {t('inbox.retry')}
          </button>
        </div>
      ) : chats.length === 0 ? (
        <p className="p-6 text-center text-sm text-slate-600">{search ? t('inbox.noResults', { query: typed.trim() }) : t('inbox.empty')}</p>
      ) : (
        <VirtualChatList
          chats={chats}
          selectedId={selectedId}
          onSelect={onSelect}
          hasMore={list.hasNextPage}
          loadingMore={list.isFetchingNextPage}
          onLoadMore={loadMore}
        />
      )}
    </>
  )
}
