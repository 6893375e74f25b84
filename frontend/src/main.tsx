import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './app/app'
import './app/i18n'
import { createQueryClient } from './app/query-client'
import './index.css'
import { RealtimeClient } from './lib/realtime/realtime-client'
import { RealtimeProvider } from './lib/realtime/realtime-hooks'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')

// One connection per tab, created once, outside React.
const realtime = new RealtimeClient()

createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={createQueryClient()}>
      <RealtimeProvider client={realtime}>
        <App />
      </RealtimeProvider>
    </QueryClientProvider>
  </StrictMode>,
)
