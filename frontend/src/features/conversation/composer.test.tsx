import { render, screen } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { makeMessage } from '../../test/factories'
import { must } from '../../test/must'
import { Composer } from './composer'

const PNG_MAGIC = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
const fileInput = (container: HTMLElement) => must(container.querySelector<HTMLInputElement>('input[type="file"]'))

describe('Composer', () => {
  it('sends on Enter and adds a line on Shift+Enter', async () => {
    const onSend = vi.fn().mockResolvedValue(null)
    render(<Composer onSend={onSend} />)
    const box = screen.getByRole('textbox', { name: 'Mensagem' })
    await userEvent.type(box, 'Olá{Shift>}{Enter}{/Shift}tudo bem?')
    expect(onSend).not.toHaveBeenCalled()
    expect(box).toHaveValue('Olá\ntudo bem?')
    await userEvent.keyboard('{Enter}')
    expect(onSend).toHaveBeenCalledWith({ text: 'Olá\ntudo bem?', attachment: null, replyTo: null })
    expect(box).toHaveValue('')
  })

  it('does not send blank text', async () => {
    const onSend = vi.fn()
    render(<Composer onSend={onSend} />)
    await userEvent.type(screen.getByRole('textbox', { name: 'Mensagem' }), '   {Enter}')
    expect(onSend).not.toHaveBeenCalled()
    expect(screen.getByRole('button', { name: 'Enviar' })).toBeDisabled()
  })

  it('attaches a photo from the labelled paperclip, previews it and sends it with its caption', async () => {
    const onSend = vi.fn().mockResolvedValue(null)
    const user = userEvent.setup()
    const { container } = render(<Composer onSend={onSend} />)
    const clicked = vi.fn()
    fileInput(container).addEventListener('click', clicked)
    screen.getByRole('button', { name: 'Anexar foto ou documento' }).focus()
    await user.keyboard('{Enter}')
    expect(clicked).toHaveBeenCalledOnce()
    const photo = new File([PNG_MAGIC], 'vestido.png', { type: 'image/png' })
    await user.upload(fileInput(container), photo)
    expect(screen.getByRole('group', { name: 'Anexo' })).toHaveTextContent('vestido.png')
    expect(screen.getByRole('img', { name: 'vestido.png' })).toBeInTheDocument()
    await user.type(screen.getByRole('textbox', { name: 'Legenda' }), 'Esse modelo{Enter}')
    expect(onSend).toHaveBeenCalledWith({ text: 'Esse modelo', attachment: { file: photo, kind: 'image', mimeType: 'image/png' }, replyTo: null })
    expect(screen.queryByRole('group', { name: 'Anexo' })).not.toBeInTheDocument()
    expect(screen.getByRole('textbox', { name: 'Mensagem' })).toHaveValue('')
  })

  it('refuses a file over 16 MB and a type the server does not take, before uploading', async () => {
    const onSend = vi.fn()
    const user = userEvent.setup({ applyAccept: false })
    const { container } = render(<Composer onSend={onSend} />)
    const huge = new File(['x'], 'video-longo.pdf', { type: 'application/pdf' })
    Object.defineProperty(huge, 'size', { value: 16 * 1024 * 1024 + 1 })
    await user.upload(fileInput(container), huge)
    expect(screen.getByRole('alert')).toHaveTextContent('Arquivo grande demais: o limite é 16.0 MB.')
    expect(screen.queryByRole('group', { name: 'Anexo' })).not.toBeInTheDocument()
    await user.upload(fileInput(container), new File(['GIF89a'], 'gato.gif', { type: 'image/gif' }))
    expect(screen.getByRole('alert')).toHaveTextContent('Tipo de arquivo não aceito')
    expect(screen.getByRole('button', { name: 'Enviar' })).toBeDisabled()
    const pdf = new File(['%PDF-1.4'], 'orcamento.pdf', { type: 'application/pdf' })
    await user.upload(fileInput(container), pdf)
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()
    await user.click(screen.getByRole('button', { name: 'Enviar' }))
    expect(onSend).toHaveBeenCalledWith({ text: '', attachment: { file: pdf, kind: 'document', mimeType: 'application/pdf' }, replyTo: null })
  })

  it("refuses a file over the server's own limit, named in the message", async () => {
    const user = userEvent.setup()
    const { container } = render(<Composer onSend={vi.fn()} maxAttachmentBytes={5 * 1024 * 1024} />)
    const photo = new File([PNG_MAGIC], 'foto.png', { type: 'image/png' })
    Object.defineProperty(photo, 'size', { value: 5 * 1024 * 1024 + 1 })
    await user.upload(fileInput(container), photo)
    expect(screen.getByRole('alert')).toHaveTextContent('Arquivo grande demais: o limite é 5.0 MB.')
    expect(screen.queryByRole('group', { name: 'Anexo' })).not.toBeInTheDocument()
  })

  it('quotes the message being answered and sends its provider id; Escape cancels', async () => {
    const onSend = vi.fn().mockResolvedValue(null)
    const onCancelReply = vi.fn()
    const quoted = makeMessage({ content: 'Tem no tamanho M?', provider_message_id: 'wamid.Q1', sender_name: 'Maria Silva' })
    render(<Composer onSend={onSend} replyTo={quoted} onCancelReply={onCancelReply} />)
    expect(screen.getByRole('group', { name: 'Respondendo a Maria Silva' })).toHaveTextContent('Tem no tamanho M?')
    await userEvent.keyboard('Temos sim{Enter}')
    expect(onSend).toHaveBeenCalledWith({ text: 'Temos sim', attachment: null, replyTo: 'wamid.Q1' })
    await userEvent.keyboard('{Escape}')
    expect(onCancelReply).toHaveBeenCalled()
  })
})
