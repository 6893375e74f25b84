"""Inbound `messages[]` items (field `messages`): what customers send to a business number.

A message becomes an `IncomingMessage` (or a `ReactionChange`, `MessageEdit`,
`MessageDeletion`), never disappears: an unknown or broken type is stored as an
`unsupported` placeholder. Only an item without an id or without any sender identity is
`Ignored`, because it could neither be deduplicated nor put in a chat.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from multichat.chats.inbound import (
    ChatRef,
    ContactInfo,
    Ignored,
    IncomingMessage,
    OriginName,
    ReactionChange,
    StatusName,
    WebhookItem,
)
from multichat.webhooks.providers.meta._values import as_dict, text, timestamp
from multichat.webhooks.providers.meta.content import body_of
from multichat.webhooks.providers.meta.identity import customer_of_message
from multichat.webhooks.providers.meta.revisions import REVISION_TYPES, revision_of


def _details_with_context(
    details: dict[str, Any] | None, item: dict[str, Any]
) -> dict[str, Any] | None:
    """Add forwarding flags, the click-to-WhatsApp ad and a product inquiry to `details`."""
    context = as_dict(item.get("context"))
    extras: dict[str, Any] = {}
    if context.get("forwarded") is True:
        extras["forwarded"] = True
    if context.get("frequently_forwarded") is True:
        extras["frequently_forwarded"] = True
    if isinstance(context.get("referred_product"), dict):
        extras["referred_product"] = context["referred_product"]
    if isinstance(item.get("referral"), dict):
        extras["referral"] = item["referral"]
    if not extras:
        return details
    return {**(details or {}), **extras}


def incoming_message(
    item: dict[str, Any],
    *,
    message_id: str,
    chat: ChatRef,
    contact: ContactInfo,
    from_me: bool,
    origin: OriginName,
    sender: str,
    sender_name: str,
    value_errors: list[dict[str, Any]],
    status: StatusName | None = None,
) -> IncomingMessage:
    """Assemble an `IncomingMessage` from a `messages[]` or `message_echoes[]` item."""
    body = body_of(item, value_errors)
    return IncomingMessage(
        provider_message_id=message_id,
        chat=chat,
        from_me=from_me,
        origin=origin,
        type=body.type,
        timestamp=timestamp(item.get("timestamp")),
        content=body.content,
        sender=sender,
        sender_name=sender_name,
        contact=contact,
        media=body.media,
        details=_details_with_context(body.details, item),
        reply_to=text(as_dict(item.get("context")).get("id")),
        status=status,
    )


def reaction_change(
    item: dict[str, Any],
    *,
    message_id: str,
    chat: ChatRef,
    sender: str,
    from_me: bool,
    at: datetime,
) -> ReactionChange | Ignored:
    """A reaction; a missing or "" emoji means the reaction was removed."""
    reaction = as_dict(item.get("reaction"))
    target = text(reaction.get("message_id"))
    if not target:
        return Ignored(reason="meta reaction without message_id")
    return ReactionChange(
        chat=chat,
        target_provider_message_id=target,
        sender=sender,
        from_me=from_me,
        emoji=text(reaction.get("emoji")),
        timestamp=at,
        provider_message_id=message_id,
    )


def parse_message(
    item: Any, *, contacts: list[Any], value_errors: list[dict[str, Any]]
) -> WebhookItem:
    """Normalize one inbound `messages[]` item; never raises."""
    if not isinstance(item, dict):
        return Ignored(reason="meta message is not an object")
    message_id = text(item.get("id"))
    customer = customer_of_message(item, contacts)
    if not message_id or customer is None:
        return Ignored(reason="meta message without id or sender")
    kind = text(item.get("type"))
    at = timestamp(item.get("timestamp"))
    if kind == "reaction":
        return reaction_change(
            item,
            message_id=message_id,
            chat=customer.chat,
            sender=customer.chat_id,
            from_me=False,
            at=at,
        )
    if kind in REVISION_TYPES:
        return revision_of(item, chat_id=customer.chat_id, at=at)
    return incoming_message(
        item,
        message_id=message_id,
        chat=customer.chat,
        contact=customer.contact,
        from_me=False,
        origin="customer",
        sender=customer.chat_id,
        sender_name=customer.contact.name,
        value_errors=value_errors,
    )
