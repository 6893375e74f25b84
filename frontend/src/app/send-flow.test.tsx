import { act, screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { ConversationView } from '../features/conversation/conversation-view'
import type { Message } from '../lib/api/types'
import { makeChat, makeMessage } from '../test/factories'
import { must } from '../test/must'
import { jsonResponse, renderWithProviders } from '../test/render'
import { applyUpdates } from './realtime-cache-sync'

const chat = makeChat({ unread_count: 0 })
const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3])

type Handler = (init: RequestInit | undefined) => Response | Promise<Response>
let routes: Record<string, Handler>
let calls: { method: string; url: string; body: BodyInit | null | undefined }[]

beforeEach(() => {
  document.cookie = 'csrftoken=test-token'
  calls = []
  routes = {}
  vi.stubGlobal('fetch', vi.fn((input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : input.toString()
    const method = init?.method ?? 'GET'
    calls.push({ method, url, body: init?.body })
    const handler = routes[`${method} ${url.split('?')[0] ?? url}`]
    if (!handler) return Promise.resolve(jsonResponse(404, { error: 'not_found' }))
    return Promise.resolve(handler(init))
  }))
})

afterEach(() => { vi.unstubAllGlobals() })

function history(...messages: Message[]) {
  routes[`GET /api/chats/${chat.id}/messages/`] = () => jsonResponse(200, { results: messages, next: null })
}

function renderChat() {
  const view = renderWithProviders(<ConversationView chat={chat} title={chat.name} ready onBack={vi.fn()} onRead={vi.fn()} />)
  const log = () => screen.getByRole('log', { name: 'Mensagens' })
  const bubbles = (text: string) => within(log()).queryAllByText(text).map((node) => must(node.closest('li')))
  return { ...view, log, bubbles }
}

describe('sending from the conversation', () => {
  it('shows a failed message\'s reason and sends it again through the retry endpoint, then follows its status', async () => {
    const failed = makeMessage({
      chat: chat.id, from_me: true, origin: 'inbox', status: 'failed', content: 'Separado!', provider_message_id: null,
      error: { code: 'meta_131026', detail: 'Message undeliverable', http_status: 400 },
    })
    history(failed)
    routes[`POST /api/messages/${failed.id}/retry/`] = () => jsonResponse(200, { ...failed, status: 'pending', error: null })
    const { bubbles, queryClient } = renderChat()
    const bubble = await waitFor(() => must(bubbles('Separado!')[0], 'bubble'))
    expect(within(bubble).getByRole('img', { name: 'Falhou ao enviar' })).toBeInTheDocument()
    expect(bubble).toHaveTextContent('Não entregue: este número pode não ter WhatsApp.')
    await userEvent.click(within(bubble).getByRole('button', { name: 'Tentar novamente' }))
    expect(calls.filter((call) => call.method === 'POST').map((call) => call.url)).toEqual([`/api/messages/${failed.id}/retry/`])
    await waitFor(() => { expect(within(must(bubbles('Separado!')[0], 'bubble')).getByRole('img', { name: 'Enviando' })).toBeInTheDocument() })
    expect(screen.queryByRole('button', { name: 'Tentar novamente' })).not.toBeInTheDocument()
    // The server announces the retry (`pending`, the one backwards move) and then `sent`.
    act(() => {
      applyUpdates(queryClient, [
        { type: 'message_status', chat_id: chat.chat_id, timestamp: failed.timestamp, data: { id: failed.id, provider_message_id: null, status: 'pending', error: null } },
        { type: 'message_status', chat_id: chat.chat_id, timestamp: failed.timestamp, data: { id: failed.id, provider_message_id: 'wamid.OK', status: 'sent', error: null } },
      ])
    })
    await waitFor(() => { expect(within(must(bubbles('Separado!')[0], 'bubble')).getByRole('img', { name: 'Enviada' })).toBeInTheDocument() })
    expect(bubbles('Separado!')).toHaveLength(1)
  })

  it('sends a photo as multipart with its caption and client_id: one bubble, at once, tied to the stored row', async () => {
    history(makeMessage({ chat: chat.id, content: 'Tem foto?' }))
    let answer!: (response: Response) => void
    routes[`POST /api/chats/${chat.id}/messages/`] = () => new Promise<Response>((resolve) => { answer = resolve })
    const user = userEvent.setup()
    const { container, bubbles, queryClient } = renderChat()
    await waitFor(() => must(bubbles('Tem foto?')[0], 'bubble'))
    await user.upload(must(container.querySelector<HTMLInputElement>('input[type="file"]')), new File([PNG], 'vestido.png', { type: 'image/png' }))
    await user.type(screen.getByRole('textbox', { name: 'Legenda' }), 'Esse aqui{Enter}')

    const optimistic = await waitFor(() => must(bubbles('Esse aqui')[0], 'bubble'))
    expect(within(optimistic).getByRole('img', { name: 'Enviando' })).toBeInTheDocument()
    expect(within(optimistic).getByRole('img', { name: 'Esse aqui' })).toHaveAttribute('src', expect.stringMatching(/^blob:/))
    const post = must(calls.find((call) => call.method === 'POST'))
    const form = post.body as FormData
    expect(form).toBeInstanceOf(FormData)
    expect(form.get('type')).toBe('image')
    expect(form.get('content')).toBe('Esse aqui')
    expect((form.get('file') as File).name).toBe('vestido.png')
    const clientId = form.get('client_id') as string
    expect(clientId).toBeTruthy()

    const stored = makeMessage({
      chat: chat.id, from_me: true, type: 'image', content: 'Esse aqui', client_id: clientId, status: 'pending', provider_message_id: null,
      media: { id: '', mime_type: 'image/png', filename: 'vestido.png', size: PNG.length, seconds: null, voice: false },
    })
    // The stream's `new_message` may come before the POST answer: still one bubble.
    act(() => { applyUpdates(queryClient, [{ type: 'new_message', chat_id: chat.chat_id, timestamp: stored.timestamp, data: stored }]) })
    await act(() => { answer(jsonResponse(201, stored)); return Promise.resolve() })
    await waitFor(() => { expect(bubbles('Esse aqui')[0]).toHaveAttribute('data-message-id', String(stored.id)) })
    expect(bubbles('Esse aqui')).toHaveLength(1)
    act(() => { applyUpdates(queryClient, [{ type: 'message_status', chat_id: chat.chat_id, timestamp: stored.timestamp, data: { id: stored.id, provider_message_id: 'wamid.IMG', status: 'sent' } }]) })
    await waitFor(() => { expect(within(must(bubbles('Esse aqui')[0], 'bubble')).getByRole('img', { name: 'Enviada' })).toBeInTheDocument() })
  })

  it('explains a 409 outside the 24-hour window in the composer, removes the bubble and gives the text back', async () => {
    history(makeMessage({ chat: chat.id, content: 'Oi', timestamp: '2026-01-08T10:00:00Z' }))
    routes[`POST /api/chats/${chat.id}/messages/`] = () =>
      jsonResponse(409, { error: 'outside_customer_service_window', detail: 'outside…', details: { last_customer_message_at: '2026-01-08T10:00:00Z' } })
    const { bubbles } = renderChat()
    await waitFor(() => must(bubbles('Oi')[0], 'bubble'))
    await userEvent.type(screen.getByRole('textbox', { name: 'Mensagem' }), 'Ainda tem?{Enter}')
    const alert = await screen.findByRole('alert')
    expect(alert).toHaveTextContent('Fora da janela de 24 horas')
    expect(alert).toHaveTextContent('08/01/2026')
    expect(alert).not.toHaveTextContent('Não foi possível enviar')
    expect(bubbles('Ainda tem?')).toHaveLength(0)
    expect(screen.getByRole('textbox', { name: 'Mensagem' })).toHaveValue('Ainda tem?')
  })

  it('marks a text failed when the server cannot be reached, and sends it again with the same client_id', async () => {
    history()
    let attempt = 0
    routes[`POST /api/chats/${chat.id}/messages/`] = (init) => {
      attempt += 1
      if (attempt === 1) throw new TypeError('network down')
      const body = JSON.parse(init?.body as string) as { client_id: string }
      return jsonResponse(201, makeMessage({ chat: chat.id, from_me: true, content: 'Oi!', client_id: body.client_id, status: 'pending' }))
    }
    const { bubbles } = renderChat()
    await screen.findByText('Início da conversa')
    await userEvent.type(screen.getByRole('textbox', { name: 'Mensagem' }), 'Oi!{Enter}')
    const failed = await waitFor(() => {
      const bubble = must(bubbles('Oi!')[0], 'bubble')
      expect(bubble).toHaveTextContent('Sem conexão com o servidor.')
      return bubble
    })
    await userEvent.click(within(failed).getByRole('button', { name: 'Tentar novamente' }))
    await waitFor(() => { expect(within(must(bubbles('Oi!')[0], 'bubble')).getByRole('img', { name: 'Enviando' })).toBeInTheDocument() })
    const posts = calls.filter((call) => call.method === 'POST').map((call) => JSON.parse(call.body as string) as { client_id: string })
    expect(posts).toHaveLength(2)
    expect(posts[1]?.client_id).toBe(posts[0]?.client_id)
    await waitFor(() => { expect(Number(must(bubbles('Oi!')[0], 'bubble').dataset.messageId)).toBeGreaterThan(0) })
    expect(bubbles('Oi!')).toHaveLength(1)
  })
})
