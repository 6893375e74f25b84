/** What the server is asked for: a number typed with spaces or dashes is sent as digits. */
export function searchQuery(typed: string): string {
  const trimmed = typed.trim()
  if (/^[+\d\s().-]+$/.test(trimmed) && /\d/.test(trimmed)) return trimmed.replace(/\D/g, '')
  return trimmed
}
