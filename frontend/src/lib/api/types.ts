/** The JSON shapes of CONTRACT.md "REST" and docs/realtime-events.md. */

export type MessageStatus = 'pending' | 'sent' | 'delivered' | 'read' | 'failed'

export type MessageType =
  | 'text'
  | 'image'
  | 'audio'
  | 'video'
  | 'document'
  | 'sticker'
  | 'location'
  | 'contacts'
  | 'interactive'
  | 'unsupported'

export interface Media {
  id: string
  mime_type: string
  filename: string
  size: number | null
  seconds: number | null
  voice: boolean
  url?: string
}

/** Why a send failed (`message.error`, docs/outbound.md "Results"). */
export interface SendError {
  code: string
  detail?: string
  http_status?: number | null
  provider_error?: unknown
}

export interface Reaction {
  emoji: string
  from_me: boolean
  sender?: string
}

export interface Message {
  id: number
  chat: number
  chat_id: string
  provider_message_id: string | null
  client_id?: string | null
  type: MessageType
  content: string
  timestamp: string
  sender: string
  sender_name?: string
  from_me: boolean
  status: MessageStatus
  error?: SendError | null
  origin?: string
  media: Media | null
  details?: Record<string, unknown> | null
  reply_to: string | null
  reactions: Reaction[]
  edited_at: string | null
  deleted: boolean
}

export interface Chat {
  id: number
  chat_id: string
  channel: string
  channel_phone?: string
  name: string
  phone?: string
  is_group?: boolean
  last_message_at: string | null
  message_count: number
  unread_count: number
  last_message: Message | null
}

export interface Page<T> {
  results: T[]
  next: string | null
}

export type ConnectionState = 'unknown' | 'connected' | 'connecting' | 'disconnected'

export interface Channel {
  key: string
  provider: 'meta' | 'evolution'
  display_phone_number: string
  connection_state: ConnectionState
}

export interface Me {
  username: string
  role: 'admin' | 'agent' | null
  tenant: { slug: string; name: string } | null
  channels: Channel[]
  /** What the server accepts (older servers did not say). */
  limits?: { attachment_max_bytes: number }
}

export interface MessageStatusData {
  id: number
  provider_message_id: string | null
  status: MessageStatus
  error?: SendError | null
}

export interface ChannelUpdateData {
  channel: string
  connection_state: ConnectionState
  reason: string
}

interface UpdateBase<T extends string, D> {
  type: T
  chat_id: string
  timestamp: string
  data: D
}

export type RealtimeUpdate =
  | UpdateBase<'new_message', Message>
  | UpdateBase<'message_status', MessageStatusData>
  | UpdateBase<'message_update', Message>
  | UpdateBase<'chat_update', Chat>
  | UpdateBase<'channel_update', ChannelUpdateData>
  | UpdateBase<'reset', Record<string, never>>

export interface RealtimeEvent {
  timestamp: string
  updates: RealtimeUpdate[]
}
