"""`smb_message_echoes`: messages a human sent from the WhatsApp Business app (coexistence).

Each `message_echoes[]` item looks like an inbound message seen from the other side:
`{from: <our display number>, to: <customer phone>, id, timestamp, type, <type>{...}}`.
They become outbound messages (`from_me=True`, `origin="phone"`) in the chat of `to`;
`edit`/`revoke` items become `MessageEdit`/`MessageDeletion` of `original_message_id`
(see `revisions`), and `reaction` items our own `ReactionChange`.

Assumptions, as Meta documents `to` as "the same value returned by the API as the input
value when sending": it may be formatted (`+1 650-555-1234`), so only its digits are kept
to land in the `wa_id` chat; a BSUID, by analogy with `statuses[].recipient_user_id`, is
read from `to_user_id`. The echo proves WhatsApp accepted the message, so it is `sent`.
The contact gets no name: the echo says nothing about the customer's profile.
"""

from __future__ import annotations

from typing import Any

from multichat.chats.inbound import Ignored, WebhookItem
from multichat.webhooks.providers.meta._values import digits, text, timestamp
from multichat.webhooks.providers.meta.identity import customer_from_ids
from multichat.webhooks.providers.meta.messages import incoming_message, reaction_change
from multichat.webhooks.providers.meta.revisions import REVISION_TYPES, revision_of


def parse_echo(item: Any, *, value_errors: list[dict[str, Any]]) -> WebhookItem:
    """Normalize one `message_echoes[]` item; never raises."""
    if not isinstance(item, dict):
        return Ignored(reason="meta echo is not an object")
    message_id = text(item.get("id"))
    customer = customer_from_ids(digits(item.get("to")), text(item.get("to_user_id")))
    if not message_id or customer is None:
        return Ignored(reason="meta echo without id or recipient")
    our_number = digits(item.get("from"))
    kind = text(item.get("type"))
    at = timestamp(item.get("timestamp"))
    if kind == "reaction":
        return reaction_change(
            item,
            message_id=message_id,
            chat=customer.chat,
            sender=our_number,
            from_me=True,
            at=at,
        )
    if kind in REVISION_TYPES:
        return revision_of(item, chat_id=customer.chat_id, at=at)
    return incoming_message(
        item,
        message_id=message_id,
        chat=customer.chat,
        contact=customer.contact,
        from_me=True,
        origin="phone",
        sender=our_number,
        sender_name="",
        value_errors=value_errors,
        status="sent",
    )
