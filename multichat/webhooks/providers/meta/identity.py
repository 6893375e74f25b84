"""Who a Meta message is from: the chat reference and contact facts of the customer.

Meta identifies a customer by phone (`wa_id`, `messages[].from`) and, since the 2026
business-scoped user ID rollout, by a `user_id` (BSUID, e.g. `BR.1502576394655843`) that
stays when the customer hides the phone behind a username. The phone stays the primary
chat id while Meta sends it, so existing chats keep their id; the BSUID travels as the
alternate id the ingest service merges on. Once the phone is gone the BSUID is the chat id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multichat.chats.inbound import ChatRef, ContactInfo
from multichat.webhooks.providers.meta._values import as_dict, text


@dataclass(frozen=True)
class Customer:
    """The resolved identity of the person on the other side of a 1:1 chat."""

    chat: ChatRef
    contact: ContactInfo

    @property
    def chat_id(self) -> str:
        return self.chat.chat_id


def customer_from_ids(phone: str, user_id: str, name: str = "") -> Customer | None:
    """Build the customer from a phone (`wa_id`) and/or a BSUID; None when both are empty."""
    chat_id = phone or user_id
    if not chat_id:
        return None
    alt_id = user_id if phone and user_id != phone else ""
    return Customer(
        chat=ChatRef(chat_id=chat_id, alt_chat_id=alt_id),
        contact=ContactInfo(jid=chat_id, alt_jid=alt_id, phone=phone, name=name),
    )


def _matching_contact(phone: str, user_id: str, contacts: list[Any]) -> dict[str, Any]:
    """The `value.contacts[]` item describing this sender, or {} when none matches.

    Matched on either identity; a message that carries neither takes the value's only
    contact (Meta sends one contact per value for inbound messages).
    """
    cards = [card for card in contacts if isinstance(card, dict)]
    for card in cards:
        if (phone and text(card.get("wa_id")) == phone) or (
            user_id and text(card.get("user_id")) == user_id
        ):
            return card
    if not phone and not user_id and len(cards) == 1:
        return cards[0]
    return {}


def customer_of_message(message: dict[str, Any], contacts: list[Any]) -> Customer | None:
    """The sender of an inbound `messages[]` item, enriched from `value.contacts[]`.

    `name` is the customer's own WhatsApp profile name (`contacts[].profile.name`).
    """
    phone = text(message.get("from"))
    user_id = text(message.get("from_user_id"))
    card = _matching_contact(phone, user_id, contacts)
    phone = phone or text(card.get("wa_id"))
    user_id = user_id or text(card.get("user_id"))
    name = text(as_dict(card.get("profile")).get("name"))
    return customer_from_ids(phone, user_id, name)
