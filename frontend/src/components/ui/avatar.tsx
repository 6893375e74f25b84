import { Users } from 'lucide-react'

// Dark enough behind white text for WCAG AA (4.5:1) in every case.
const COLORS = ['#0f766e', '#1d4ed8', '#7e22ce', '#be123c', '#b45309', '#047857', '#4338ca', '#a21caf']

function colorFor(seed: string): string {
  let hash = 0
  for (const char of seed) hash = (hash * 31 + char.charCodeAt(0)) | 0
  return COLORS[Math.abs(hash) % COLORS.length] ?? '#0f766e'
}

function initials(name: string): string {
  const words = name.replace(/[^\p{L}\p{N} ]/gu, '').trim().split(/\s+/).filter(Boolean)
  if (words.length === 0) return '#'
  const first = words[0]?.[0] ?? ''
  const last = words.length > 1 ? (words[words.length - 1]?.[0] ?? '') : ''
  return (first + last).toUpperCase()
}

export function Avatar({ name, seed, group = false, size = 'md' }: { name: string; seed: string; group?: boolean; size?: 'md' | 'lg' }) {
  const dimension = size === 'lg' ? 'size-11 text-base' : 'size-12 text-base'
  return (
    <span
      aria-hidden="true"
      className={`${dimension} flex shrink-0 items-center justify-center rounded-full font-semibold text-white`}
      style={{ backgroundColor: colorFor(seed) }}
    >
      {group ? <Users className="size-5" /> : initials(name)}
    </span>
  )
}
