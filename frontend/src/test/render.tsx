import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { render } from '@testing-library/react'
import type { ReactElement } from 'react'
import { RealtimeClient } from '../lib/realtime/realtime-client'
import { RealtimeProvider } from '../lib/realtime/realtime-hooks'
import { fakeStreamFetch, manualTimers } from './fake-stream'

/** Renders with a fresh query cache and a realtime client on a scripted stream. */
export function renderWithProviders(ui: ReactElement) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } })
  const stream = fakeStreamFetch()
  const timers = manualTimers()
  const realtime = new RealtimeClient({ fetch: stream.fetch, setTimeout: timers.setTimeout, clearTimeout: timers.clearTimeout })
  const view = render(ui, {
    wrapper: ({ children }) => (
      <QueryClientProvider client={queryClient}>
        <RealtimeProvider client={realtime}>{children}</RealtimeProvider>
      </QueryClientProvider>
    ),
  })
  return { ...view, queryClient, realtime, stream }
}

export function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } })
}
