import { screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { jsonResponse, renderWithProviders } from '../../test/render'
import { meQueryKey } from './auth-api'
import { LoginScreen } from './login-screen'

describe('LoginScreen', () => {
  it('says clearly when the credentials are wrong', async () => {
    document.cookie = 'csrftoken=abc'
    const fetchMock = vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(401, { error: { code: 'authentication_failed' } }))
    renderWithProviders(<LoginScreen />)
    await userEvent.type(screen.getByLabelText('Usuário'), 'admin')
    await userEvent.type(screen.getByLabelText('Senha'), 'errada')
    await userEvent.click(screen.getByRole('button', { name: 'Entrar' }))
    expect(await screen.findByRole('alert')).toHaveTextContent('Usuário ou senha incorretos.')
    const [url, init] = fetchMock.mock.calls[0] ?? []
    expect(url).toBe('/api/auth/login/')
    expect(init?.headers).toMatchObject({ 'X-CSRFToken': 'abc' })
    expect(JSON.parse(init?.body as string)).toEqual({ username: 'admin', password: 'errada' })
  })

  it('says how long to wait when repeated failures locked the sign-in', async () => {
    document.cookie = 'csrftoken=abc'
    const locked = new Response(JSON.stringify({ error: 'too_many_attempts', detail: 'too many failed sign-in attempts' }), {
      status: 429,
      headers: { 'Content-Type': 'application/json', 'Retry-After': '601' },
    })
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(locked)
    renderWithProviders(<LoginScreen />)
    await userEvent.type(screen.getByLabelText('Usuário'), 'admin')
    await userEvent.type(screen.getByLabelText('Senha'), 'admin123{Enter}')
    expect(await screen.findByRole('alert')).toHaveTextContent('Muitas tentativas sem sucesso. Tente novamente em 11 minutos.')
  })

  it('stores who signed in', async () => {
    document.cookie = 'csrftoken=abc'
    const me = { username: 'admin', role: 'admin', tenant: { slug: 'demo', name: 'Loja Demo' }, channels: [] }
    vi.spyOn(globalThis, 'fetch').mockResolvedValue(jsonResponse(200, me))
    const { queryClient } = renderWithProviders(<LoginScreen />)
    await userEvent.type(screen.getByLabelText('Usuário'), 'admin')
    await userEvent.type(screen.getByLabelText('Senha'), 'admin123{Enter}')
    await vi.waitFor(() => { expect(queryClient.getQueryData(meQueryKey)).toEqual(me) })
  })
})
