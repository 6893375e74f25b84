import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import type { MessageStatus } from '../../lib/api/types'
import { StatusTicks } from './status-ticks'

describe('StatusTicks', () => {
  it.each<[MessageStatus, string, string]>([
    ['pending', 'Enviando', 'text-slate-500'],
    ['sent', 'Enviada', 'text-slate-500'],
    ['delivered', 'Entregue', 'text-slate-500'],
    ['read', 'Lida', 'text-sky-600'],
    ['failed', 'Falhou ao enviar', 'text-red-600'],
  ])('%s is labelled %s', (status, label, color) => {
    render(<StatusTicks status={status} />)
    expect(screen.getByRole('img', { name: label })).toHaveClass(color)
  })
})

