import { Clock, Paperclip, SendHorizontal, TriangleAlert } from 'lucide-react'
import { useEffect, useRef, useState } from 'react'
import type { ChangeEvent, KeyboardEvent, SyntheticEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Message } from '../../lib/api/types'
import { AttachmentPreview } from './attachment-preview'
import { ACCEPT, checkAttachment, DEFAULT_MAX_ATTACHMENT_BYTES, MAX_CAPTION_LENGTH } from './attachments'
import { noticeText } from './composer-notice'
import type { LocalProblem } from './composer-notice'
import { ReplyPreview } from './reply-preview'
import type { Draft, SendNotice } from './send-api'

const MAX_LENGTH = 4096

interface ComposerProps {
  /** Resolves to the server's refusal, if any: the draft then comes back into the box. */
  onSend: (draft: Draft) => Promise<SendNotice | null>
  notice?: SendNotice | null
  replyTo?: Message | null
  onCancelReply?: () => void
  /** The server's upload limit (`GET /api/me/` `limits.attachment_max_bytes`). */
  maxAttachmentBytes?: number
}

/**
 * Enter sends, Shift+Enter adds a line; the box grows up to a few lines. The paperclip
 * attaches a photo or a document; the box is then its caption.
 */
export function Composer({
  onSend,
  notice = null,
  replyTo = null,
  onCancelReply,
  maxAttachmentBytes = DEFAULT_MAX_ATTACHMENT_BYTES,
}: ComposerProps) {
  const { t, i18n } = useTranslation()
  const [text, setText] = useState('')
  const [attachment, setAttachment] = useState<Draft['attachment']>(null)
  const [problem, setProblem] = useState<LocalProblem | null>(null)
  const box = useRef<HTMLTextAreaElement>(null)
  const picker = useRef<HTMLInputElement>(null)

  useEffect(() => {
    if (replyTo) box.current?.focus()
  }, [replyTo])

  const send = async () => {
    const content = text.trim()
    if (!content && !attachment) return
    const draft: Draft = { text: content, attachment, replyTo: replyTo?.provider_message_id ?? null }
    setText('')
    setAttachment(null)
    setProblem(null)
    box.current?.focus()
    const refusal = await onSend(draft)
    if (refusal) {
      // Nothing was stored: give the agent the draft back, unless they typed on meanwhile.
      setText((current) => current || draft.text)
      setAttachment((current) => current ?? draft.attachment)
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault()
      void send()
    } else if (event.key === 'Escape' && replyTo) {
      onCancelReply?.()
    }
  }

  const onSubmit = (event: SyntheticEvent) => {
    event.preventDefault()
    void send()
  }

  const onPick = (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    event.target.value = '' // picking the same file again still fires
    if (!file) return
    const check = checkAttachment(file, maxAttachmentBytes)
    if (!check.ok) {
      setProblem(check.reason)
      return
    }
    setProblem(null)
    setAttachment({ file, kind: check.kind, mimeType: check.mimeType })
    box.current?.focus()
  }

  const shown = problem ? { refusal: problem } : notice
  const isWindow = shown?.refusal === 'window'
  return (
    <form onSubmit={onSubmit} className="border-t border-slate-200 bg-[#f0f2f5] px-3 py-2.5">
      {shown && (
        <p
          role="alert"
          className={`mb-2 flex items-start gap-2 rounded-md px-3 py-2 text-sm ${isWindow ? 'bg-amber-50 text-amber-900' : 'bg-red-50 text-red-800'}`}
        >
          {isWindow ? <Clock aria-hidden="true" className="mt-0.5 size-4 shrink-0" /> : <TriangleAlert aria-hidden="true" className="mt-0.5 size-4 shrink-0" />}
          <span>{noticeText(t, shown, i18n.language, maxAttachmentBytes)}</span>
        </p>
      )}
      {replyTo && <ReplyPreview message={replyTo} onCancel={() => onCancelReply?.()} />}
      {attachment && <AttachmentPreview file={attachment.file} kind={attachment.kind} onRemove={() => { setAttachment(null); box.current?.focus() }} />}
      <div className="flex items-end gap-2">
        <button
          type="button"
          onClick={() => picker.current?.click()}
          aria-label={t('composer.attach')}
          title={t('composer.attach')}
          className="flex size-10 shrink-0 items-center justify-center rounded-full text-slate-700 hover:bg-black/5 focus-visible:outline-2 focus-visible:outline-brand"
        >
          <Paperclip aria-hidden="true" className="size-5" />
        </button>
        <input ref={picker} type="file" accept={ACCEPT} onChange={onPick} className="hidden" tabIndex={-1} aria-hidden="true" />
        <textarea
          ref={box}
          rows={1}
          value={text}
          maxLength={attachment ? MAX_CAPTION_LENGTH : MAX_LENGTH}
          onChange={(event) => { setText(event.target.value) }}
          onKeyDown={onKeyDown}
          aria-label={attachment ? t('composer.caption') : t('composer.label')}
          aria-describedby="composer-hint"
          placeholder={attachment ? t('composer.captionPlaceholder') : t('composer.placeholder')}
          className="field-sizing-content max-h-36 min-h-10 min-w-0 flex-1 resize-none rounded-lg bg-white px-3.5 py-2.5 text-[15px] leading-5 text-slate-900 placeholder:text-slate-500 focus-visible:outline-2 focus-visible:outline-brand"
        />
        <button
          type="submit"
          aria-label={t('composer.send')}
          disabled={!text.trim() && !attachment}
          className="flex size-10 shrink-0 items-center justify-center rounded-full bg-brand text-white transition-colors hover:bg-brand-strong focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-brand disabled:bg-slate-400"
        >
          <SendHorizontal aria-hidden="true" className="size-5" />
        </button>
      </div>
      <p id="composer-hint" className="sr-only">
        {t('composer.hint')}
      </p>
    </form>
  )
}
