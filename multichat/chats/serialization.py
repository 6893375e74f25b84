"""The JSON shapes of a chat and a message, shared by the REST API and the event log.

One builder per shape so that what `GET /api/chats/` returns and what a `chat_update`
event carries can never drift apart. Callers pass rows loaded with the relations named
in each docstring, so serializing a page costs no extra query per row.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from multichat.chats.models import Chat, Message


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a `Z`, as the contract writes timestamps."""
    if value is None:
        return None
    return value.isoformat().replace("+00:00", "Z")


def message_to_dict(message: Message, *, chat: Chat | None = None) -> dict[str, Any]:
    """Needs `message.reactions` prefetched (or is fine with one query when not)."""
    chat = chat or message.chat
    deleted = message.deleted
    return {
        "id": message.id,
        "chat": message.chat_id,
        "chat_id": chat.chat_id,
        "provider_message_id": message.provider_message_id,
        "client_id": message.client_id,
        "type": message.type,
        "content": "" if deleted else message.content,
        "timestamp": iso(message.timestamp),
        "sender": message.sender,
        "sender_name": message.sender_name,
        "from_me": message.from_me,
        "origin": message.origin,
        "status": message.status,
        "error": message.error,
        "media": None if deleted else message.media,
        "details": None if deleted else message.details,
        "reply_to": message.reply_to or None,
        "reactions": [
            {"emoji": r.emoji, "from_me": r.from_me, "sender": r.sender}
            for r in message.reactions.all()
        ],
        "edited_at": iso(message.edited_at),
        "deleted": deleted,
    }


def chat_to_dict(chat: Chat, *, unread_count: int) -> dict[str, Any]:
    """Needs `chat.channel`, `chat.contact` and `chat.last_message` (with its reactions)
    loaded; `unread_count` is the caller's own."""
    contact = chat.contact
    last = chat.last_message
    return {
        "id": chat.id,
        "chat_id": chat.chat_id,
        "channel": chat.channel.key,
        "channel_phone": chat.channel.display_phone_number,
        "name": chat.name or (contact.name if contact else ""),
        "phone": contact.phone if contact else "",
        "is_group": chat.is_group,
        "last_message_at": iso(chat.last_message_at),
        "message_count": chat.message_count,
        "unread_count": unread_count,
        "last_message": message_to_dict(last, chat=chat) if last else None,
    }
