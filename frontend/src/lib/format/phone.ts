/** `5511987654321` → `+55 11 98765-4321`; other numbers get a `+` and stay as they are. */
export function formatPhone(raw: string | undefined | null): string {
  if (!raw) return ''
  const digits = raw.replace(/@.*$/, '').replace(/\D/g, '')
  if (!digits) return raw
  const brazil = /^55(\d{2})(\d{4,5})(\d{4})$/.exec(digits)
  if (brazil) return `+55 ${brazil[1] ?? ''} ${brazil[2] ?? ''}-${brazil[3] ?? ''}`
  return `+${digits}`
}

/** Digits of a chat id or phone, for matching a search against a number. */
export function phoneDigits(raw: string): string {
  return raw.replace(/@.*$/, '').replace(/\D/g, '')
}
