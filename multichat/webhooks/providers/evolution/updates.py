"""Changes to stored messages: `messages.update` (statuses), `messages.delete`, and the
protocolMessage events `messages.edited` / `send.message.update`.

None of these carries the message's own time except the v1 `datetime` (ms) and a
protocolMessage's `timestampMs`; otherwise the receipt time is used (never `date_time`,
which is São Paulo wall-clock time with a `Z`).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from multichat.chats.inbound import Ignored, MessageDeletion, StatusUpdate, WebhookItem
from multichat.webhooks.providers.evolution.jids import chat_ref_of, is_not_a_chat
from multichat.webhooks.providers.evolution.protocol import protocol_item
from multichat.webhooks.providers.evolution.status import status_name, status_of
from multichat.webhooks.providers.evolution.values import as_dict, text, unix_time_ms

READ_ON_OUR_SIDE = frozenset({"READ", "PLAYED"})


def _message_id(record: dict[str, Any]) -> str:
    """The WhatsApp id: `keyId` (v2), `id` (v1, delete), or a nested `key.id`.

    v2's `messageId` is Evolution's database row id, not a WhatsApp id, so it is not read.
    """
    return (
        text(record.get("keyId"))
        or text(record.get("id"))
        or text(as_dict(record.get("key")).get("id"))
    )


def parse_status_update(event: str, data: Any, *, received_at: datetime) -> WebhookItem:
    """One `messages.update` item: a delivery status of one message.

    `fromMe: true` is a receipt for our message. `fromMe: false` with READ/PLAYED means
    *we* read the customer's message (on the phone, WhatsApp Web or via `readMessages`):
    it becomes `StatusUpdate(status="read")` on that inbound message, so the inbox can
    show it as read elsewhere; other statuses of inbound messages say nothing new. An
    update without status (old builds' edit notifications) or `DELETED` is ignored.
    """
    record = as_dict(data)
    message_id = _message_id(record)
    remote = text(record.get("remoteJid"))
    name = status_name(record.get("status"))
    status = status_of(record.get("status"))
    if not message_id:
        return Ignored(reason=f"evolution {event} without a message id")
    if remote and is_not_a_chat(remote):
        return Ignored(reason=f"evolution {event} for {remote} is not an inbox chat")
    if status is None:
        return Ignored(reason=f"evolution {event} {message_id} has no status to apply ({name})")
    from_me = record.get("fromMe") is True
    if not from_me and name not in READ_ON_OUR_SIDE:
        return Ignored(reason=f"evolution {event} {name} of an inbound message")
    return StatusUpdate(
        provider_message_id=message_id,
        status=status,
        timestamp=unix_time_ms(record.get("datetime")) or received_at,
        chat_id=chat_ref_of(record).chat_id if remote else "",
        error={"status": name} if status == "failed" else None,
    )


def parse_deletion(event: str, data: Any, *, received_at: datetime) -> WebhookItem:
    """`messages.delete`: `data` is the key of the message deleted for everyone."""
    record = as_dict(data)
    message_id = _message_id(record)
    if not message_id:
        return Ignored(reason=f"evolution {event} without a message id")
    remote = text(record.get("remoteJid"))
    if remote and is_not_a_chat(remote):
        return Ignored(reason=f"evolution {event} for {remote} is not an inbox chat")
    return MessageDeletion(
        provider_message_id=message_id,
        deleted_at=received_at,
        chat_id=chat_ref_of(record).chat_id if remote else "",
    )


def parse_protocol_event(event: str, data: Any, *, received_at: datetime) -> WebhookItem:
    """`messages.edited` / `send.message.update`: a protocolMessage matched on `key.id`."""
    return protocol_item(as_dict(data), chat_id="", at=received_at, event=event)
