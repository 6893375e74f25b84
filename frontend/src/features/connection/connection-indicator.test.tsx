import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ConnectionIndicator } from './connection-indicator'

describe('ConnectionIndicator', () => {
  it.each([
    ['live', 'Tempo real', 'live'],
    ['reconnecting', 'Reconectando…', 'retrying'],
    ['offline', 'Offline', 'down'],
  ] as const)('%s reads %s', (status, text, kind) => {
    render(<ConnectionIndicator status={status} />)
    const indicator = screen.getByRole('status')
    expect(indicator).toHaveTextContent(text)
    expect(indicator).toHaveAttribute('data-connection', kind)
  })
})
