// The providers' APIs on loopback, so replies really go out through the server's
// outbound sender and media really comes in through GET /api/messages/{id}/media/:
// - Meta: `POST /{phone_number_id}/messages` answers a wamid after a short delay (so the
//   pending clock can be seen); `POST /{phone_number_id}/media` takes an upload and
//   answers its id; `GET /{media_id}` answers {url, mime_type, sha256, file_size} and the
//   url gives the bytes (multichat/media/fetchers/meta.py).
// - Evolution: sendText / sendMedia answer a key id; `POST /chat/getBase64FromMediaMessage`
//   answers the file as base64 (multichat/media/fetchers/evolution.py).
// `refuseNext()` makes the next send fail the way Meta refuses one (HTTP 400).
import { createHash, randomBytes } from 'node:crypto'
import { createServer } from 'node:http'

const hex = (bytes) => randomBytes(bytes).toString('hex').toUpperCase()

/** The parts of a multipart/form-data body: name → { filename?, type?, data }. */
function multipart(raw, contentType) {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType ?? '')?.[1]
  const parts = {}
  if (!boundary) return parts
  const delimiter = Buffer.from(`--${boundary}`)
  let start = raw.indexOf(delimiter)
  while (start !== -1) {
    const next = raw.indexOf(delimiter, start + delimiter.length)
    if (next === -1) break
    const part = raw.subarray(start + delimiter.length + 2, next - 2)
    const split = part.indexOf('\r\n\r\n')
    const head = part.subarray(0, split).toString('utf8')
    const name = /name="([^"]*)"/.exec(head)?.[1]
    if (name) {
      parts[name] = {
        filename: /filename="([^"]*)"/.exec(head)?.[1],
        type: /content-type:\s*([^\r\n]+)/i.exec(head)?.[1],
        data: part.subarray(split + 4),
      }
    }
    start = next
  }
  return parts
}

export class FakeProvider {
  constructor({ answerDelayMs = 1200 } = {}) {
    this.answerDelayMs = answerDelayMs
    this.sent = [] // every send request: { provider, to, type, text, caption, mediaId, replyTo, id, refused }
    this.uploads = [] // Meta media uploads: { id, filename, type, size }
    this.media = new Map() // Meta media id or Evolution message id → { data, type }
    this.mediaRequests = [] // which files the server fetched
    this.refusals = []
    this.server = createServer((request, response) => { void this.handle(request, response) })
  }

  listen() {
    return new Promise((resolve) => {
      this.server.listen(0, '127.0.0.1', () => {
        this.url = `http://127.0.0.1:${this.server.address().port}`
        resolve(this.url)
      })
    })
  }

  close() {
    this.server.closeAllConnections()
    return new Promise((resolve) => this.server.close(() => resolve()))
  }

  /** A file the provider holds: a Meta media id, or an Evolution message id. */
  addMedia(id, data, type) {
    this.media.set(id, { data, type })
  }

  /** The next send is refused with `status` and Meta's error body. */
  refuseNext({ status = 400, code = 131026, message = '(#131026) Message undeliverable' } = {}) {
    this.refusals.push({ status, body: { error: { message, type: 'OAuthException', code, fbtrace_id: hex(6) } } })
  }

  async handle(request, response) {
    const chunks = []
    for await (const chunk of request) chunks.push(chunk)
    const raw = Buffer.concat(chunks)
    const contentType = request.headers['content-type'] ?? ''
    let body = {}
    if (contentType.startsWith('application/json')) {
      try {
        body = JSON.parse(raw.toString('utf8') || '{}')
      } catch {
        body = {}
      }
    }
    const url = request.url
    if (request.method === 'GET' && url.startsWith('/lookaside/')) return this.file(response, decodeURIComponent(url.slice('/lookaside/'.length)))
    if (request.method === 'GET' && /^\/v[\d.]+\/[^/]+$/.test(url)) return this.metaLookup(response, decodeURIComponent(url.split('/')[2]))
    if (request.method === 'POST' && url.startsWith('/chat/getBase64FromMediaMessage/')) return this.evolutionBase64(response, body)
    if (request.method === 'POST' && /\/media$/.test(url)) return this.metaUpload(response, multipart(raw, contentType))

    await new Promise((resolve) => setTimeout(resolve, this.answerDelayMs))
    if (request.method === 'POST' && /\/messages$/.test(url)) return this.metaSend(response, body)
    if (request.method === 'POST' && /^\/message\/send(Text|Media)\//.test(url)) return this.evolutionSend(response, body)
    return this.json(response, { error: 'not faked' }, 404)
  }

  metaSend(response, body) {
    const part = body[body.type] ?? {}
    const record = {
      provider: 'meta',
      to: body.to,
      type: body.type,
      text: body.type === 'text' ? body.text?.body : part.caption,
      mediaId: part.id,
      replyTo: body.context?.message_id,
      id: `wamid.E2EOUT${hex(8)}`,
      refused: false,
    }
    this.sent.push(record)
    const refusal = this.refusals.shift()
    if (refusal) {
      record.refused = true
      return this.json(response, refusal.body, refusal.status)
    }
    return this.json(response, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: record.id }] })
  }

  evolutionSend(response, body) {
    const record = {
      provider: 'evolution',
      to: body.number,
      type: body.mediatype ?? 'text',
      text: body.text ?? body.caption,
      replyTo: body.quoted?.key?.id,
      id: `3EB0${hex(8)}`,
      refused: false,
    }
    this.sent.push(record)
    if (body.media) this.addMedia(record.id, Buffer.from(body.media, 'base64'), body.mimetype)
    return this.json(response, { key: { remoteJid: `${body.number}@s.whatsapp.net`, fromMe: true, id: record.id }, status: 'PENDING' })
  }

  metaUpload(response, parts) {
    const file = parts.file
    if (!file || parts.messaging_product?.data.toString() !== 'whatsapp') return this.json(response, { error: { message: 'bad upload', code: 100 } }, 400)
    const id = String(BigInt(`0x${hex(6)}`))
    this.addMedia(id, file.data, file.type)
    this.uploads.push({ id, filename: file.filename, type: file.type, size: file.data.length })
    return this.json(response, { id })
  }

  metaLookup(response, mediaId) {
    const file = this.media.get(mediaId)
    this.mediaRequests.push({ provider: 'meta', id: mediaId })
    if (!file) return this.json(response, { error: { message: 'Unsupported get request. Object does not exist', code: 100 } }, 400)
    return this.json(response, {
      messaging_product: 'whatsapp',
      url: `${this.url}/lookaside/${encodeURIComponent(mediaId)}`,
      mime_type: file.type,
      sha256: createHash('sha256').update(file.data).digest('hex'),
      file_size: String(file.data.length),
      id: mediaId,
    })
  }

  file(response, mediaId) {
    const file = this.media.get(mediaId)
    if (!file) return this.json(response, { error: 'gone' }, 404)
    response.writeHead(200, { 'Content-Type': file.type, 'Content-Length': file.data.length })
    response.end(file.data)
  }

  evolutionBase64(response, body) {
    const id = body.message?.key?.id
    const file = this.media.get(id)
    this.mediaRequests.push({ provider: 'evolution', id })
    if (!file) return this.json(response, { status: 400, error: 'Bad Request', response: { message: ['Message not found'] } }, 400)
    return this.json(response, { mediaType: 'imageMessage', fileName: null, mimetype: file.type, base64: file.data.toString('base64') })
  }

  json(response, body, status = 200) {
    response.writeHead(status, { 'Content-Type': 'application/json' })
    response.end(JSON.stringify(body))
  }

  /** The send requests whose text or caption is `text`. */
  sendsOf(text) {
    return this.sent.filter((item) => item.text === text)
  }

  /** The provider id the server's sender was given for `text` (an accepted send). */
  async idOf(text, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs
    while (Date.now() < deadline) {
      const found = this.sent.find((item) => item.text === text && !item.refused)
      if (found) return found.id
      await new Promise((resolve) => setTimeout(resolve, 50))
    }
    throw new Error(`the server never sent ${JSON.stringify(text)} to the provider`)
  }
}
