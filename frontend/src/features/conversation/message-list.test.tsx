import { act, fireEvent, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import type { Message } from '../../lib/api/types'
import { flush, sseEvent } from '../../test/fake-stream'
import { makeMessage } from '../../test/factories'
import { renderWithProviders } from '../../test/render'
import { MessageList } from './message-list'

function scrollTo(element: HTMLElement, { top, height, client }: { top: number; height: number; client: number }) {
  Object.defineProperty(element, 'scrollHeight', { configurable: true, value: height })
  Object.defineProperty(element, 'clientHeight', { configurable: true, value: client })
  element.scrollTop = top
  fireEvent.scroll(element)
}

describe('MessageList', () => {
  const history = [
    makeMessage({ timestamp: '2026-01-09T10:00:00Z', content: 'ontem' }),
    makeMessage({ timestamp: '2026-01-10T10:00:00Z', content: 'hoje', from_me: true, status: 'read' }),
  ]

  it('separates days and shows own messages with their ticks', () => {
    renderWithProviders(<MessageList chatId={1} isGroup={false} messages={history} hasOlder={false} loadingOlder={false} onLoadOlder={vi.fn()} />)
    expect(screen.getAllByRole('heading', { level: 3 })).toHaveLength(2)
    expect(screen.getByRole('img', { name: 'Lida' })).toBeInTheDocument()
    expect(screen.getByText('Início da conversa')).toBeInTheDocument()
  })

  it('offers "N novas mensagens" when the agent has scrolled up, and loads older near the top', async () => {
    const onLoadOlder = vi.fn()
    const { realtime, stream, rerender } = renderWithProviders(
      <MessageList chatId={1} isGroup={false} messages={history} hasOlder loadingOlder={false} onLoadOlder={onLoadOlder} />,
    )
    realtime.start()
    await flush()
    stream.connections[0]?.send(sseEvent(1, []))
    await flush()
    const log = screen.getByRole('log', { name: 'Mensagens' })
    scrollTo(log, { top: 100, height: 3000, client: 600 })
    expect(onLoadOlder).toHaveBeenCalled()
    const incoming: Message[] = [makeMessage({ chat: 1, content: 'nova 1' }), makeMessage({ chat: 1, content: 'nova 2' })]
    for (const [index, message] of incoming.entries()) {
      await act(async () => {
        stream.connections[0]?.send(sseEvent(2 + index, [{ type: 'new_message', chat_id: message.chat_id, timestamp: message.timestamp, data: message }]))
        await flush()
      })
    }
    rerender(<MessageList chatId={1} isGroup={false} messages={[...history, ...incoming]} hasOlder loadingOlder={false} onLoadOlder={onLoadOlder} />)
    const button = screen.getByRole('button', { name: '2 novas mensagens' })
    fireEvent.click(button)
    expect(screen.queryByRole('button', { name: /novas mensagens/ })).not.toBeInTheDocument()
    realtime.stop()
  })
})
