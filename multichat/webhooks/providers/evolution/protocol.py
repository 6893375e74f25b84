"""`protocolMessage`: edits and "delete for everyone" of an earlier message.

It comes inside a `messages.upsert` record, or as the whole `data` of `messages.edited`
and `send.message.update` (protobufjs JSON: `type` as a string, int64 as a string).
Evolution emits `messages.edited` for every protocolMessage, so a deletion arrives there
too, as `type: "REVOKE"` with no `editedMessage`: it is a deletion, never an edit to
empty text. Its `key` is from the editor's point of view (for a customer's edit
`fromMe` is true and `remoteJid` is our own jid), so the target is matched on `key.id`
only.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from multichat.chats.inbound import Ignored, MessageDeletion, MessageEdit, WebhookItem
from multichat.webhooks.providers.evolution.content import find_content, text_of
from multichat.webhooks.providers.evolution.values import as_dict, text, unix_time_ms

# Baileys `ProtocolMessage.Type` numbers of the two types we apply.
_TYPE_NAMES = {0: "REVOKE", 14: "MESSAGE_EDIT"}


def protocol_type(value: Any) -> str:
    """The type name of a protocolMessage (`"REVOKE"`, `"MESSAGE_EDIT"`, ...)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return _TYPE_NAMES.get(value, str(value))
    return text(value).upper()


def protocol_item(fields: dict[str, Any], *, chat_id: str, at: datetime, event: str) -> WebhookItem:
    """The edit or deletion a protocolMessage describes; other types are ignored.

    `chat_id` is "" when the key is the editor's (`messages.edited`); `at` is used when
    the message has no `timestampMs`.
    """
    kind = protocol_type(fields.get("type"))
    target = text(as_dict(fields.get("key")).get("id"))
    if kind not in ("REVOKE", "MESSAGE_EDIT"):
        return Ignored(reason=f"evolution {event} protocolMessage {kind or 'without type'}")
    if not target:
        return Ignored(reason=f"evolution {event} protocolMessage {kind} without key.id")
    when = unix_time_ms(fields.get("timestampMs")) or at
    if kind == "REVOKE":
        return MessageDeletion(provider_message_id=target, deleted_at=when, chat_id=chat_id)
    edited = find_content(fields.get("editedMessage"))
    if not edited.key:
        return Ignored(reason=f"evolution {event} MESSAGE_EDIT without editedMessage")
    return MessageEdit(
        provider_message_id=target, content=text_of(edited), edited_at=when, chat_id=chat_id
    )
