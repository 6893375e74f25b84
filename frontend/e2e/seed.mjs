// A believable inbox for the screenshots: a few customers on both numbers, one rich chat.
import { createHash, randomInt } from 'node:crypto'
import { PICTURE, RECEIPT, VOICE } from './media-files.mjs'

const minutesAgo = (minutes) => new Date(Date.now() - minutes * 60_000)
export const randomNumber = (area = '11') => `55${area}9${String(randomInt(10_000_000, 99_999_999))}`

const sha256 = (data) => createHash('sha256').update(data).digest('base64')

/** The inbox, with Maria's photo, voice note and receipt held by the fake `provider`. */
export async function seedInbox(hooks, provider) {
  const maria = { number: randomNumber(), name: 'Maria Silva' }
  const media = { image: '1479537139650973', audio: '1098765432109876', document: '3344556677889900' }
  provider.addMedia(media.image, PICTURE, 'image/png')
  // A WAV tone stands in for the voice note's Opus (no encoder here); browsers read the bytes, not the label.
  provider.addMedia(media.audio, VOICE, 'audio/ogg')
  provider.addMedia(media.document, RECEIPT, 'application/pdf')
  const yesterday = 24 * 60 + 30
  await hooks.metaMessage({ from: maria.number, name: maria.name, at: minutesAgo(yesterday + 10), content: { text: { body: 'Oi! Vocês ainda têm o vestido azul no tamanho M?' } } })
  const offer = await hooks.metaEcho({ to: maria.number, at: minutesAgo(yesterday + 5), text: 'Oi, Maria! Temos sim 😊 Quer que eu separe um pra você?' })
  await hooks.metaStatus({ id: offer, recipient: maria.number, status: 'read', at: minutesAgo(yesterday) })
  await hooks.metaMessage({ from: maria.number, name: maria.name, at: minutesAgo(42), content: { type: 'image', image: { id: media.image, mime_type: 'image/png', sha256: sha256(PICTURE), caption: 'Esse aqui, com a manga bufante' } }, type: 'image' })
  await hooks.metaMessage({ from: maria.number, name: maria.name, at: minutesAgo(41), type: 'reaction', content: { reaction: { message_id: offer, emoji: '❤️' } } })
  await hooks.metaMessage({ from: maria.number, name: maria.name, at: minutesAgo(40), type: 'audio', content: { audio: { id: media.audio, mime_type: 'audio/ogg; codecs=opus', sha256: sha256(VOICE), voice: true } } })
  await hooks.metaMessage({ from: maria.number, name: maria.name, at: minutesAgo(39), type: 'location', content: { location: { latitude: -23.5613991, longitude: -46.6565712, name: 'Shopping Paulista', address: 'R. Treze de Maio, 1947 - Bela Vista, São Paulo' } } })
  await hooks.metaMessage({ from: maria.number, name: maria.name, at: minutesAgo(38), type: 'document', content: { document: { id: media.document, filename: 'comprovante-pix.pdf', mime_type: 'application/pdf', sha256: sha256(RECEIPT) } } })
  maria.paidId = await hooks.metaMessage({ from: maria.number, name: maria.name, at: minutesAgo(37), content: { text: { body: 'Paguei o sinal, pode separar? Passo aí às 17h.' } } })

  const others = [
    { number: randomNumber('21'), name: 'João Souza', text: 'Bom dia! O pedido 4812 já saiu pra entrega?', at: 95, meta: true },
    { number: randomNumber(), name: 'Ana Beatriz Costa', text: 'Obrigada pelo atendimento, chegou tudo certinho!', at: 130, meta: false },
    { number: randomNumber('31'), name: 'Carlos Eduardo', text: 'Vocês fazem troca sem a etiqueta?', at: 60 * 5, meta: false },
    { number: randomNumber('41'), name: 'Fernanda Lima', text: 'Qual o horário de funcionamento no sábado?', at: 60 * 26, meta: true },
    { number: randomNumber(), name: 'Rafael Oliveira', text: 'Tem cupom pra primeira compra?', at: 60 * 50, meta: false },
    { number: randomNumber('51'), name: 'Patrícia Gomes', text: 'Consigo parcelar em 3x?', at: 60 * 24 * 4, meta: true },
  ]
  for (const other of others) {
    if (other.meta) await hooks.metaMessage({ from: other.number, name: other.name, at: minutesAgo(other.at), content: { text: { body: other.text } } })
    else await hooks.evolutionText({ from: other.number, name: other.name, at: minutesAgo(other.at), text: other.text })
  }
  return { maria, joao: others[0], ana: others[1], fernanda: others[3] }
}
