/** Dates as an agent in Brazil reads them; every function takes the UI language. */

const DAY_MS = 24 * 60 * 60 * 1000

function startOfDay(date: Date): number {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime()
}

export function dayKey(iso: string): string {
  const date = new Date(iso)
  return `${date.getFullYear()}-${date.getMonth()}-${date.getDate()}`
}

/** Days between the date and today (0 = today, 1 = yesterday). */
export function daysAgo(iso: string, now: Date = new Date()): number {
  return Math.round((startOfDay(now) - startOfDay(new Date(iso))) / DAY_MS)
}

export function formatClock(iso: string, language: string): string {
  return new Date(iso).toLocaleTimeString(language, { hour: '2-digit', minute: '2-digit' })
}

/** The chat list's time: 14:05 today, then "Ontem", a weekday, or a short date. */
export function formatListTime(iso: string, language: string, yesterday: string, now: Date = new Date()): string {
  const ago = daysAgo(iso, now)
  if (ago <= 0) return formatClock(iso, language)
  if (ago === 1) return yesterday
  if (ago < 7) return new Date(iso).toLocaleDateString(language, { weekday: 'long' })
  return new Date(iso).toLocaleDateString(language, { day: '2-digit', month: '2-digit', year: '2-digit' })
}

/** The label of a day separator in a conversation. */
export function formatDayLabel(
  iso: string,
  language: string,
  labels: { today: string; yesterday: string },
  now: Date = new Date(),
): string {
  const ago = daysAgo(iso, now)
  if (ago <= 0) return labels.today
  if (ago === 1) return labels.yesterday
  const sameYear = new Date(iso).getFullYear() === now.getFullYear()
  return new Date(iso).toLocaleDateString(language, {
    day: 'numeric',
    month: 'long',
    ...(sameYear ? {} : { year: 'numeric' }),
  })
}
