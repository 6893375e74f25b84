"""`messages.upsert` and `send.message`: one message record -> one inbox item.

Both events carry the same record (`prepareMessage()` in Evolution): `key`, `pushName`,
`status`, `message`, `messageType`, `messageTimestamp`, optional `contextInfo`. A record
is a new bubble, except a reaction (it changes its target) and a `protocolMessage` (an
edit or a "delete for everyone" of an earlier message).

Direction and origin: `key.fromMe` false is the customer; true in `messages.upsert` was
typed on the linked phone / WhatsApp Web (Evolution runs Baileys with
`emitOwnEvents: false`, so API sends come as `send.message` instead, origin "api").
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from multichat.chats.inbound import (
    ChatRef,
    Ignored,
    IncomingMessage,
    OriginName,
    ReactionChange,
    WebhookItem,
)
from multichat.webhooks.providers.evolution.bodies import body_of
from multichat.webhooks.providers.evolution.content import (
    Content,
    context_extras,
    context_info_of,
    find_content,
)
from multichat.webhooks.providers.evolution.jids import author_of, chat_ref_of, is_not_a_chat
from multichat.webhooks.providers.evolution.protocol import protocol_item
from multichat.webhooks.providers.evolution.status import status_of
from multichat.webhooks.providers.evolution.values import as_dict, text, unix_time

SEND_MESSAGE = "send.message"


def parse_message_record(event: str, data: Any, *, received_at: datetime) -> WebhookItem:
    """The inbox item for one message record of `messages.upsert` / `send.message`."""
    record = as_dict(data)
    key = as_dict(record.get("key"))
    message_id = text(key.get("id"))
    remote = text(key.get("remoteJid"))
    if not message_id or not remote:
        return Ignored(reason=f"evolution {event} record without key.id or key.remoteJid")
    if is_not_a_chat(remote):
        return Ignored(reason=f"evolution {event} for {remote} is not an inbox chat")
    chat = chat_ref_of(key)
    from_me = key.get("fromMe") is True or event == SEND_MESSAGE
    # Never `date_time`: Evolution writes São Paulo wall-clock time with a `Z` suffix.
    timestamp = unix_time(record.get("messageTimestamp")) or received_at
    content = find_content(record.get("message"), text(record.get("messageType")))
    author = author_of(chat, key, text(record.get("pushName")), from_me=from_me)
    if content.key == "reactionMessage":
        return _reaction(
            content,
            chat=chat,
            message_id=message_id,
            sender=author.sender,
            from_me=from_me,
            timestamp=timestamp,
        )
    if content.key == "protocolMessage":
        return protocol_item(content.fields, chat_id=chat.chat_id, at=timestamp, event=event)
    body = body_of(content, as_dict(record.get("message")), text(record.get("messageType")))
    context = context_info_of(record, content)
    extras = context_extras(context)
    details = {**(body.details or {}), **extras} or None
    return IncomingMessage(
        provider_message_id=message_id,
        chat=chat,
        from_me=from_me,
        origin=_origin(event, from_me),
        type=body.type,
        timestamp=timestamp,
        content=body.content,
        sender=author.sender,
        sender_name=author.sender_name,
        contact=author.contact,
        media=body.media,
        details=details,
        reply_to=text(context.get("stanzaId")),
        status=status_of(record.get("status")) if from_me else None,
    )


def _origin(event: str, from_me: bool) -> OriginName:
    if not from_me:
        return "customer"
    return "api" if event == SEND_MESSAGE else "phone"


def _reaction(
    content: Content,
    *,
    chat: ChatRef,
    message_id: str,
    sender: str,
    from_me: bool,
    timestamp: datetime,
) -> WebhookItem:
    """A reaction changes its target (`reactionMessage.key.id`); `text` "" removes it."""
    fields = content.fields
    target = text(as_dict(fields.get("key")).get("id"))
    if not target:
        return Ignored(reason="evolution reaction without a target key.id")
    return ReactionChange(
        chat=chat,
        target_provider_message_id=target,
        sender=sender,
        from_me=from_me,
        emoji=text(fields.get("text")),
        timestamp=timestamp,
        provider_message_id=message_id,
    )
