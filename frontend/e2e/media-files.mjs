// Small real files for the fake provider to serve: a PNG picture (a blue dress on a
// warm backdrop, drawn pixel by pixel), a one-second WAV tone and a one-page PDF.
import { deflateSync } from 'node:zlib'

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buffer) {
  let c = 0xffffffff
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const length = Buffer.alloc(4)
  length.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([length, body, crc])
}

/** An RGB PNG of `width`×`height`, each pixel from `color(x, y)` → [r, g, b]. */
export function png(width, height, color) {
  const header = Buffer.alloc(13)
  header.writeUInt32BE(width, 0)
  header.writeUInt32BE(height, 4)
  header.set([8, 2, 0, 0, 0], 8) // 8-bit RGB
  const raw = Buffer.alloc((width * 3 + 1) * height)
  for (let y = 0; y < height; y += 1) {
    const row = y * (width * 3 + 1)
    for (let x = 0; x < width; x += 1) raw.set(color(x, y), row + 1 + x * 3)
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ])
}

function dress(x, y) {
  const [w, h] = [480, 360]
  const mix = (a, b, t) => a.map((value, i) => Math.round(value + (b[i] - value) * t))
  let pixel = mix([250, 232, 214], [236, 200, 178], y / h)
  if (y > h * 0.84) pixel = mix([196, 160, 132], [170, 134, 108], (y - h * 0.84) / (h * 0.16))
  const cx = w / 2
  const top = 70
  const waist = 170
  const hem = 320
  const inside = (px, py, r) => (x - px) ** 2 + (y - py) ** 2 < r * r
  const blue = mix([52, 110, 200], [28, 70, 150], (y - top) / (hem - top))
  if (inside(cx - 58, top + 22, 30) || inside(cx + 58, top + 22, 30)) pixel = mix(blue, [255, 255, 255], 0.15)
  if (y >= top && y <= waist && Math.abs(x - cx) < 48 - (y - top) * 0.12) pixel = blue
  if (y > waist && y <= hem && Math.abs(x - cx) < 36 + (y - waist) * 0.75) pixel = blue
  if (y >= waist - 6 && y <= waist + 6 && Math.abs(x - cx) < 38) pixel = [240, 240, 245]
  if (y < top + 8 && y > top - 30 && Math.abs(x - cx) < 3) pixel = [120, 120, 120] // hanger hook
  if (y >= top - 2 && y < top + 3 && Math.abs(x - cx) < 70) pixel = [120, 120, 120]
  return pixel
}

export const PICTURE = png(480, 360, dress)

/** A mono 16-bit WAV: `seconds` of a soft 440 Hz tone. */
export function wav(seconds = 1, rate = 8000) {
  const samples = Math.round(seconds * rate)
  const data = Buffer.alloc(samples * 2)
  for (let i = 0; i < samples; i += 1) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 6000), i * 2)
  const header = Buffer.alloc(44)
  header.write('RIFF', 0, 'ascii')
  header.writeUInt32LE(36 + data.length, 4)
  header.write('WAVEfmt ', 8, 'ascii')
  header.writeUInt32LE(16, 16)
  header.writeUInt16LE(1, 20) // PCM
  header.writeUInt16LE(1, 22) // mono
  header.writeUInt32LE(rate, 24)
  header.writeUInt32LE(rate * 2, 28)
  header.writeUInt16LE(2, 32)
  header.writeUInt16LE(16, 34)
  header.write('data', 36, 'ascii')
  header.writeUInt32LE(data.length, 40)
  return Buffer.concat([header, data])
}

export const VOICE = wav(3)

/** A one-page PDF saying `text`, with a correct cross-reference table. */
export function pdf(text) {
  const stream = `BT /F1 18 Tf 72 720 Td (${text}) Tj ET`
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ]
  let out = '%PDF-1.4\n'
  const offsets = []
  objects.forEach((body, index) => {
    offsets.push(out.length)
    out += `${index + 1} 0 obj\n${body}\nendobj\n`
  })
  const xref = out.length
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`
  for (const offset of offsets) out += `${String(offset).padStart(10, '0')} 00000 n \n`
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`
  return Buffer.from(out, 'latin1')
}

export const RECEIPT = pdf('Comprovante PIX - R$ 50,00 - Loja Demo')
