import { render, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { makeChat } from '../../test/factories'
import { VirtualChatList } from './virtual-chat-list'

const chats = Array.from({ length: 5000 }, (_, index) => makeChat({ name: `Cliente ${index}`, unread_count: index % 3 }))

describe('VirtualChatList', () => {
  beforeEach(() => {
    // jsdom has no layout: give the scroll box a phone-sized viewport.
    vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(800)
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(360)
  })

  it('renders only the rows in view out of 5,000 chats', async () => {
    const onLoadMore = vi.fn()
    render(<VirtualChatList chats={chats} selectedId={null} onSelect={vi.fn()} hasMore loadingMore={false} onLoadMore={onLoadMore} />)
    const rows = await within(screen.getByRole('list', { name: 'Lista de conversas' })).findAllByRole('button')
    expect(rows.length).toBeGreaterThan(5)
    expect(rows.length).toBeLessThan(40)
    expect(onLoadMore).not.toHaveBeenCalled()
  })

  it('loads the next page when the loaded chats end in view', () => {
    const onLoadMore = vi.fn()
    render(<VirtualChatList chats={chats.slice(0, 8)} selectedId={null} onSelect={vi.fn()} hasMore loadingMore={false} onLoadMore={onLoadMore} />)
    expect(onLoadMore).toHaveBeenCalled()
  })

  it('shows name, number, channel and the unread count, and opens a chat on click', async () => {
    const onSelect = vi.fn()
    const chat = makeChat({ name: 'Maria Silva', phone: '5511987654321', unread_count: 4 })
    render(<VirtualChatList chats={[chat]} selectedId={null} onSelect={onSelect} hasMore={false} loadingMore={false} onLoadMore={vi.fn()} />)
    const row = await screen.findByRole('button', { name: /Maria Silva/ })
    expect(row).toHaveTextContent('+55 11 98765-4321')
    expect(row).toHaveTextContent('via +55 11 94000-1234')
    expect(within(row).getByLabelText('4 mensagens não lidas')).toHaveTextContent('4')
    await userEvent.click(row)
    expect(onSelect).toHaveBeenCalledWith(chat)
  })
})
