/**
 * An incremental parser for the `text/event-stream` format (the parts multichat sends:
 * `id:`, `data:`, `retry:` and `:` comments). Feed it decoded text chunks as they come;
 * it calls back once per complete event (a blank line ends an event).
 */

export interface SseEvent {
  id: string | null
  data: string
}

export class SseParser {
  private buffer = ''
  private id: string | null = null
  private data: string[] = []
  private readonly onEvent: (event: SseEvent) => void

  constructor(onEvent: (event: SseEvent) => void) {
    this.onEvent = onEvent
  }

  push(chunk: string): void {
    this.buffer += chunk
    let newline = this.buffer.search(/\r\n|\r|\n/)
    while (newline !== -1) {
      const line = this.buffer.slice(0, newline)
      const width = this.buffer.startsWith('\r\n', newline) ? 2 : 1
      this.buffer = this.buffer.slice(newline + width)
      this.line(line)
      newline = this.buffer.search(/\r\n|\r|\n/)
    }
  }

  private line(line: string): void {
    if (line === '') {
      this.dispatch()
      return
    }
    if (line.startsWith(':')) return
    const colon = line.indexOf(':')
    const field = colon === -1 ? line : line.slice(0, colon)
    let value = colon === -1 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'id') this.id = value
    else if (field === 'data') this.data.push(value)
  }

  private dispatch(): void {
    if (this.data.length > 0) this.onEvent({ id: this.id, data: this.data.join('\n') })
    this.id = null
    this.data = []
  }
}
