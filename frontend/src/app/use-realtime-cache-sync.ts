import { useQueryClient } from '@tanstack/react-query'
import { useEffect } from 'react'
import { meQueryKey } from '../features/auth/auth-api'
import type { RealtimeClient } from '../lib/realtime/realtime-client'
import { applyUpdates, refetchAll } from './realtime-cache-sync'

/** Runs the tab's stream while signed in and feeds it into the query cache. */
export function useRealtimeSession(client: RealtimeClient): void {
  const queryClient = useQueryClient()
  useEffect(() => {
    const offUpdates = client.onUpdates((updates) => { applyUpdates(queryClient, updates) })
    const offReset = client.onReset(() => { refetchAll(queryClient) })
    const offStatus = client.subscribe(() => {
      if (client.getSnapshot().status === 'unauthorized') void queryClient.invalidateQueries({ queryKey: meQueryKey })
    })
    const online = () => { client.reconnectNow() }
    window.addEventListener('online', online)
    client.start()
    return () => {
      window.removeEventListener('online', online)
      offUpdates()
      offReset()
      offStatus()
      client.stop()
    }
  }, [client, queryClient])
}
