/**
 * Same-origin JSON (or multipart, with a FormData body) calls with the session cookie. Unsafe methods carry Django's CSRF
 * token (read from the `csrftoken` cookie, fetched once from `/api/auth/csrf/` when
 * absent; Django rotates it at login, so it is read again for every call).
 */

export class ApiError extends Error {
  readonly status: number
  readonly body: unknown
  /** Seconds the server asked to wait (`Retry-After` of a 429), when it said. */
  readonly retryAfter: number | null

  constructor(status: number, body: unknown, retryAfter: number | null = null) {
    super(`HTTP ${status}`)
    this.name = 'ApiError'
    this.status = status
    this.body = body
    this.retryAfter = retryAfter
  }

  get isUnauthenticated(): boolean {
    return this.status === 401 || this.status === 403
  }

  /** The `error` code of a JSON error body (`{"error": "…", "detail": "…"}`), if any. */
  get code(): string | null {
    const body = this.body
    return body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' ? body.error : null
  }
}

function readCookie(name: string): string | null {
  for (const part of document.cookie.split(';')) {
    const [key, ...value] = part.trim().split('=')
    if (key === name) return decodeURIComponent(value.join('='))
  }
  return null
}

async function csrfToken(): Promise<string> {
  const fromCookie = readCookie('csrftoken')
  if (fromCookie) return fromCookie
  const response = await fetch('/api/auth/csrf/', { credentials: 'same-origin' })
  const body = (await response.json()) as { csrf_token: string }
  return readCookie('csrftoken') ?? body.csrf_token
}

function retryAfterSeconds(response: Response): number | null {
  const seconds = Number(response.headers.get('Retry-After') ?? Number.NaN)
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null
}

async function parseBody(response: Response): Promise<unknown> {
  if (response.status === 204) return null
  const text = await response.text()
  if (!text) return null
  try {
    return JSON.parse(text) as unknown
  } catch {
    return text
  }
}

export async function apiRequest<T>(
  url: string,
  init: { method?: string; body?: unknown; signal?: AbortSignal } = {},
): Promise<T> {
  const method = init.method ?? 'GET'
  const headers: Record<string, string> = { Accept: 'application/json' }
  if (method !== 'GET') {
    headers['X-CSRFToken'] = await csrfToken()
    // A FormData body (a file upload) gets its multipart boundary from the browser.
    if (!(init.body instanceof FormData)) headers['Content-Type'] = 'application/json'
  }
  const body = init.body === undefined ? null : init.body instanceof FormData ? init.body : JSON.stringify(init.body)
  const response = await fetch(url, {
    method,
    headers,
    credentials: 'same-origin',
    body,
    signal: init.signal ?? null,
  })
  const answer = await parseBody(response)
  if (!response.ok) throw new ApiError(response.status, answer, retryAfterSeconds(response))
  return answer as T
}
