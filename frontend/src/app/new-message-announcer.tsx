import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { usePreviewText } from '../components/ui/message-preview'
import { formatPhone } from '../lib/format/phone'
import { useRealtimeListener } from '../lib/realtime/realtime-hooks'

/** Screen readers hear every incoming message, wherever the focus is. */
export function NewMessageAnnouncer() {
  const { t } = useTranslation()
  const previewText = usePreviewText()
  const [text, setText] = useState('')
  useRealtimeListener((updates) => {
    const incoming = updates.flatMap((update) => (update.type === 'new_message' && !update.data.from_me ? [update.data] : []))
    const last = incoming[incoming.length - 1]
    if (!last) return
    setText(t('conversation.announce', { name: last.sender_name || formatPhone(last.sender), text: previewText(last) }))
  })
  return (
    <div aria-live="polite" aria-atomic="true" className="sr-only">
      {text}
    </div>
  )
}
