import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { act, renderHook, waitFor } from '@testing-library/react'
import { StrictMode } from 'react'
import type { ReactNode } from 'react'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { makeChat } from '../test/factories'
import { jsonResponse } from '../test/render'
import { useSelectedChat } from './use-selected-chat'

// StrictMode runs state updaters twice, as React may in production: any history write
// hidden in one would happen twice and the back button would land on the same chat.
function renderSelection() {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false } } })
  const wrapper = ({ children }: { children: ReactNode }) => (
    <StrictMode>
      <QueryClientProvider client={queryClient}>{children}</QueryClientProvider>
    </StrictMode>
  )
  return renderHook(() => useSelectedChat(true), { wrapper })
}

beforeEach(() => {
  history.replaceState(null, '', '/')
  vi.stubGlobal('fetch', vi.fn(() => Promise.resolve(jsonResponse(200, { results: [], next: null }))))
})

afterEach(() => { vi.unstubAllGlobals() })

describe('useSelectedChat', () => {
  it('one back from an opened chat returns to the list', async () => {
    const { result } = renderSelection()
    const maria = makeChat({ name: 'Maria Silva' })

    act(() => { result.current.open(maria) })

    expect(result.current.selected?.id).toBe(maria.id)
    expect(location.search).toBe(`?chat=${maria.id}`)

    act(() => { result.current.close() })
    await waitFor(() => { expect(result.current.selected).toBeNull() })
    expect(location.search).toBe('')
  })

  it('switching chats replaces the entry: one back still returns to the list', async () => {
    const { result } = renderSelection()
    const first = makeChat({ name: 'Maria Silva' })
    const second = makeChat({ name: 'João Souza' })

    act(() => { result.current.open(first) })
    act(() => { result.current.open(second) })
    act(() => { result.current.open(second) })

    expect(result.current.selected?.id).toBe(second.id)
    expect(location.search).toBe(`?chat=${second.id}`)

    act(() => { result.current.close() })
    await waitFor(() => { expect(result.current.selected).toBeNull() })
    expect(location.search).toBe('')
  })
})
