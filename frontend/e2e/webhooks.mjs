// Provider webhooks as the providers send them: Meta signed with the channel's app
// secret (X-Hub-Signature-256), Evolution with the instance's apikey in the body.
import { createHmac, randomBytes } from 'node:crypto'

export const META = { phoneNumberId: '110000000000001', display: '5511940001234', appSecret: 'test-app-secret-do-not-use' }
export const EVOLUTION = { instance: 'loja-centro', apikey: 'B6D711FCDE4D4FD5936544120E713976' }

export const uniqueId = (prefix) => `${prefix}${randomBytes(10).toString('hex').toUpperCase()}`
const unix = (date) => String(Math.floor(date.getTime() / 1000))

export class Webhooks {
  constructor(baseUrl) {
    this.baseUrl = baseUrl
  }

  async post(path, body, headers = {}) {
    const raw = JSON.stringify(body)
    const response = await fetch(`${this.baseUrl}${path}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...headers },
      body: raw,
    })
    if (response.status !== 200) throw new Error(`${path} answered ${response.status}: ${await response.text()}`)
  }

  async meta(value) {
    const body = {
      object: 'whatsapp_business_account',
      entry: [{ id: '104857600000001', changes: [{ field: value.message_echoes ? 'smb_message_echoes' : 'messages', value: {
        messaging_product: 'whatsapp',
        metadata: { display_phone_number: META.display, phone_number_id: META.phoneNumberId },
        ...value,
      } }] }],
    }
    const raw = JSON.stringify(body)
    const signature = createHmac('sha256', META.appSecret).update(raw).digest('hex')
    const response = await fetch(`${this.baseUrl}/webhooks/meta/`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': `sha256=${signature}` },
      body: raw,
    })
    if (response.status !== 200) throw new Error(`meta webhook answered ${response.status}: ${await response.text()}`)
  }

  /** An inbound Meta message; `content` is the type's object (e.g. `{ text: { body } }`). */
  metaMessage({ from, name, type = 'text', content, at = new Date(), id = uniqueId('wamid.E2E') }) {
    return this.meta({
      contacts: [{ profile: { name }, wa_id: from }],
      messages: [{ from, id, timestamp: unix(at), type, ...content }],
    }).then(() => id)
  }

  /** A message typed on the business phone (WhatsApp Business app echo). */
  metaEcho({ to, text, at = new Date(), id = uniqueId('wamid.E2E') }) {
    return this.meta({
      message_echoes: [{ from: META.display, to, id, timestamp: unix(at), type: 'text', text: { body: text } }],
    }).then(() => id)
  }

  metaStatus({ id, recipient, status, at = new Date() }) {
    return this.meta({ statuses: [{ id, status, timestamp: unix(at), recipient_id: recipient }] })
  }

  evolutionText({ from, name, text, at = new Date(), id = uniqueId('3EB0') }) {
    return this.post('/webhooks/evolution/', {
      event: 'messages.upsert',
      instance: EVOLUTION.instance,
      data: {
        key: { remoteJid: `${from}@s.whatsapp.net`, fromMe: false, id },
        pushName: name,
        message: { conversation: text },
        messageType: 'conversation',
        messageTimestamp: Math.floor(at.getTime() / 1000),
      },
      apikey: EVOLUTION.apikey,
    }).then(() => id)
  }

  evolutionConnection(state) {
    return this.post('/webhooks/evolution/', {
      event: 'connection.update',
      instance: EVOLUTION.instance,
      data: { instance: EVOLUTION.instance, state, statusReason: state === 'close' ? 401 : 200 },
      date_time: new Date().toISOString(),
      apikey: EVOLUTION.apikey,
    })
  }
}
