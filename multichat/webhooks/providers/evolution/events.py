"""Evolution events -> inbox items: the dispatch table and the channel/contact events.

Every event the inbox does not use (`qrcode.updated`, `presence.update`, `chats.update`,
`call`, ...) is acknowledged as `Ignored`: Evolution drops a delivery for good on a 4xx,
so nothing inside a valid envelope may fail the request.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from multichat.chats.inbound import (
    ChatInfoUpdate,
    ConnectionStateName,
    ConnectionUpdate,
    ContactUpdate,
    Ignored,
    WebhookItem,
)
from multichat.webhooks.providers.evolution.envelope import EvolutionEnvelope
from multichat.webhooks.providers.evolution.jids import is_group, is_not_a_chat
from multichat.webhooks.providers.evolution.messages import parse_message_record
from multichat.webhooks.providers.evolution.updates import (
    parse_deletion,
    parse_protocol_event,
    parse_status_update,
)
from multichat.webhooks.providers.evolution.values import as_dict, text

logger = logging.getLogger(__name__)

Handler = Callable[[str, Any, datetime], WebhookItem]

CONNECTION_STATES: dict[str, ConnectionStateName] = {
    "open": "connected",
    "connecting": "connecting",
    "close": "disconnected",
    "refused": "disconnected",
}


def parse_connection(event: str, data: Any, received_at: datetime) -> WebhookItem:
    """`connection.update`: the instance's WhatsApp session state; `wuid` is our own jid."""
    record = as_dict(data)
    state = text(record.get("state")).lower()
    if not state:
        return Ignored(reason=f"evolution {event} without a state")
    reason = record.get("statusReason")
    return ConnectionUpdate(
        state=CONNECTION_STATES.get(state, "unknown"),
        timestamp=received_at,
        reason="" if reason is None else str(reason),
        own_jid=text(record.get("wuid")),
    )


def parse_contact(event: str, data: Any, received_at: datetime) -> WebhookItem:
    """One `contacts.update`/`contacts.upsert` entry: a person's name and picture.

    After a group message Evolution sends the group's jid with the *sender's* pushName:
    that must never rename the group, so group jids are ignored. Evolution fills a
    missing name with the jid's digits, which is no name at all.
    """
    record = as_dict(data)
    jid = text(record.get("remoteJid")) or text(record.get("id"))
    if not jid or is_not_a_chat(jid):
        return Ignored(reason=f"evolution {event} entry without a person's jid")
    if is_group(jid):
        return Ignored(reason=f"evolution {event} for group {jid}: a group is never renamed")
    name = text(record.get("pushName"))
    name = "" if name == jid.split("@", 1)[0] else name
    avatar = text(record.get("profilePicUrl")) or text(record.get("profilePictureUrl"))
    if not name and not avatar:
        return Ignored(reason=f"evolution {event} for {jid} has no name or picture")
    return ContactUpdate(jid=jid, name=name, avatar_url=avatar)


def parse_chat(event: str, data: Any, received_at: datetime) -> WebhookItem:
    """One `chats.upsert` entry; only a named one (a group's subject) tells us anything."""
    record = as_dict(data)
    chat_id = text(record.get("remoteJid")) or text(record.get("id"))
    name = text(record.get("name")).strip()
    if not chat_id or is_not_a_chat(chat_id) or not name:
        return Ignored(reason=f"evolution {event} entry without a chat name")
    return ChatInfoUpdate(chat_id=chat_id, name=name)


def _keyword(parse: Callable[..., WebhookItem]) -> Handler:
    return lambda event, data, received_at: parse(event, data, received_at=received_at)


HANDLERS: dict[str, Handler] = {
    "messages.upsert": _keyword(parse_message_record),
    "send.message": _keyword(parse_message_record),
    "messages.update": _keyword(parse_status_update),
    "messages.delete": _keyword(parse_deletion),
    "messages.edited": _keyword(parse_protocol_event),
    "send.message.update": _keyword(parse_protocol_event),
    "connection.update": parse_connection,
    "contacts.update": parse_contact,
    "contacts.upsert": parse_contact,
    "chats.upsert": parse_chat,
}


def parse_evolution_event(
    envelope: EvolutionEnvelope, *, received_at: datetime
) -> list[WebhookItem]:
    """Every inbox item of one delivery, in payload order; never raises.

    `data` may be one object or an array of them (contacts, chats, and some builds'
    messages); each entry becomes one item. `received_at` (aware UTC) stands in for the
    time of events that carry none.
    """
    event = envelope.event
    handler = HANDLERS.get(event)
    if handler is None:
        return [Ignored(reason=f"evolution event {event} not handled")]
    entries = envelope.data if isinstance(envelope.data, list) else [envelope.data]
    if not entries:
        return [Ignored(reason=f"evolution event {event} with empty data")]
    return [_safely(handler, event, entry, received_at) for entry in entries]


def _safely(handler: Handler, event: str, entry: Any, received_at: datetime) -> WebhookItem:
    """One entry's item; a parser bug on an odd entry is logged and ignored, because an
    error answer would make Evolution drop or endlessly redeliver the whole delivery."""
    try:
        return handler(event, entry, received_at)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        logger.warning("evolution %s entry could not be parsed: %s", event, type(exc).__name__)
        return Ignored(reason=f"evolution {event} entry could not be parsed")
