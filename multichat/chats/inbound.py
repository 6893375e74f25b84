"""Provider-neutral facts a webhook can tell us, parsed at the edge by the adapters.

Adapters (`multichat.webhooks.providers.*`) turn raw payloads into these frozen
dataclasses; `chats.services.webhook_ingest` applies them. Raw provider dicts never
cross this line. All datetimes are timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

StatusName = Literal["pending", "sent", "delivered", "read", "failed"]
MessageTypeName = Literal[
    "text",
    "image",
    "audio",
    "video",
    "document",
    "sticker",
    "location",
    "contacts",
    "interactive",
    "unsupported",
]
OriginName = Literal["customer", "inbox", "api", "phone"]
ConnectionStateName = Literal["connected", "connecting", "disconnected", "unknown"]


@dataclass(frozen=True)
class ChatRef:
    """Which conversation. `chat_id` is the preferred id (phone jid / wa_id); `alt_chat_id`
    another id of the same person (an `@lid`, a Meta BSUID) used to merge on either."""

    chat_id: str
    alt_chat_id: str = ""
    is_group: bool = False


@dataclass(frozen=True)
class ContactInfo:
    """What we learned about the person behind a 1:1 chat. `name` is only set when it is
    trustworthy (never our own pushName, never a group's sender)."""

    jid: str
    alt_jid: str = ""
    phone: str = ""
    name: str = ""
    avatar_url: str = ""


@dataclass(frozen=True)
class MediaInfo:
    """Attachment metadata. `media_id` is Meta's media id; `url` a provider URL (may expire
    or be encrypted); `inline_base64` the file itself when the provider sent it."""

    media_id: str = ""
    mime_type: str = ""
    sha256: str = ""
    filename: str = ""
    size: int | None = None
    seconds: int | None = None
    voice: bool = False
    animated: bool = False
    url: str = ""
    inline_base64: str | None = field(default=None, repr=False)

    def as_json(self) -> dict[str, Any]:
        """The stored/serialized form (the inline file itself is not kept in the row)."""
        data: dict[str, Any] = {
            "id": self.media_id,
            "mime_type": self.mime_type,
            "sha256": self.sha256,
            "filename": self.filename,
            "size": self.size,
            "seconds": self.seconds,
            "voice": self.voice,
            "animated": self.animated,
            "has_inline_data": self.inline_base64 is not None,
        }
        return data


@dataclass(frozen=True)
class IncomingMessage:
    """A message-like item, either direction (inbound, or ours typed elsewhere/echoed)."""

    provider_message_id: str
    chat: ChatRef
    from_me: bool
    origin: OriginName
    type: MessageTypeName
    timestamp: datetime
    content: str = ""
    sender: str = ""
    sender_name: str = ""
    contact: ContactInfo | None = None
    media: MediaInfo | None = None
    details: dict[str, Any] | None = None
    reply_to: str = ""
    status: StatusName | None = None


@dataclass(frozen=True)
class StatusUpdate:
    """A delivery status for a message (ours, or an inbound one read on our side)."""

    provider_message_id: str
    status: StatusName
    timestamp: datetime
    chat_id: str = ""
    error: dict[str, Any] | None = None
    # What we attached to the send (Meta `biz_opaque_callback_data`), to find our message
    # when its provider id is not stored yet.
    client_ref: str = ""


@dataclass(frozen=True)
class ReactionChange:
    """A reaction on `target_provider_message_id`; `emoji` empty means it was removed."""

    chat: ChatRef
    target_provider_message_id: str
    sender: str
    from_me: bool
    emoji: str
    timestamp: datetime
    provider_message_id: str = ""


@dataclass(frozen=True)
class MessageEdit:
    provider_message_id: str
    content: str
    edited_at: datetime
    chat_id: str = ""


@dataclass(frozen=True)
class MessageDeletion:
    provider_message_id: str
    deleted_at: datetime
    chat_id: str = ""


@dataclass(frozen=True)
class ContactUpdate:
    """New name/avatar for a chat's contact. Never renames a group."""

    jid: str
    name: str = ""
    avatar_url: str = ""
    alt_jid: str = ""


@dataclass(frozen=True)
class ChatInfoUpdate:
    """A chat's own name (a group's subject, from chats.upsert)."""

    chat_id: str
    name: str


@dataclass(frozen=True)
class ConnectionUpdate:
    state: ConnectionStateName
    timestamp: datetime
    reason: str = ""
    own_jid: str = ""


@dataclass(frozen=True)
class Ignored:
    """Something deliberately not stored (status broadcast, unknown event), for the log."""

    reason: str


WebhookItem = (
    IncomingMessage
    | StatusUpdate
    | ReactionChange
    | MessageEdit
    | MessageDeletion
    | ContactUpdate
    | ChatInfoUpdate
    | ConnectionUpdate
    | Ignored
)
