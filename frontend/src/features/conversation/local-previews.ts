/**
 * Pictures the agent just sent, shown from the browser's own copy (an object URL) while
 * the server has no provider id for them yet, and for the rest of the session after.
 * Keyed by `client_id`, which the optimistic bubble and the stored row share.
 */
const previews = new Map<string, string>()

export function rememberPreview(clientId: string, file: Blob): void {
  if (!previews.has(clientId)) previews.set(clientId, URL.createObjectURL(file))
}

export function localPreview(clientId: string | null | undefined): string | undefined {
  return clientId ? previews.get(clientId) : undefined
}
