"""Builders for the structured Meta message types: location pins and contact cards.

Both keep their data in `details` (the shared shape both providers produce) and derive a
one-line `content` for chat previews and search.
"""

from __future__ import annotations

from typing import Any

from multichat.webhooks.providers.meta._values import as_dict, as_list, text
from multichat.webhooks.providers.meta.body import Body


def _coordinate(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    try:
        return float(value) if isinstance(value, str) and value else None
    except ValueError:
        return None


def location_body(obj: Any) -> Body | None:
    """A pin. Current-location pins carry only latitude/longitude, so name/address/url
    may all be empty; a pin without usable coordinates is not a location at all."""
    data = as_dict(obj)
    latitude = _coordinate(data.get("latitude"))
    longitude = _coordinate(data.get("longitude"))
    if latitude is None or longitude is None:
        return None
    name, address = text(data.get("name")), text(data.get("address"))
    details = {
        "latitude": latitude,
        "longitude": longitude,
        "name": name,
        "address": address,
        "url": text(data.get("url")),
    }
    return Body(
        type="location", content=", ".join(p for p in (name, address) if p), details=details
    )


def _card_name(name: dict[str, Any]) -> str:
    formatted = text(name.get("formatted_name"))
    if formatted:
        return formatted
    parts = (text(name.get(key)) for key in ("first_name", "middle_name", "last_name"))
    return " ".join(part for part in parts if part)


def _card(card: dict[str, Any]) -> dict[str, Any]:
    """One vCard-like Meta contact in the shared shape; Meta sends no raw vCard text."""
    phones = [
        {
            "phone": text(phone.get("phone")),
            "wa_id": text(phone.get("wa_id")),
            "type": text(phone.get("type")),
        }
        for phone in as_list(card.get("phones"))
        if isinstance(phone, dict)
    ]
    emails = [text(as_dict(email).get("email")) for email in as_list(card.get("emails"))]
    return {
        "name": _card_name(as_dict(card.get("name"))),
        "phones": phones,
        "emails": [email for email in emails if email],
        "org": text(as_dict(card.get("org")).get("company")),
        "vcard": "",
    }


def _card_summary(card: dict[str, Any]) -> str:
    first_phone = card["phones"][0]["phone"] if card["phones"] else ""
    return " ".join(part for part in (card["name"], first_phone) if part)


def contacts_body(obj: Any) -> Body | None:
    """Shared contact cards; content is `"Name +phone"` per card, joined by `"; "`."""
    cards = [_card(card) for card in as_list(obj) if isinstance(card, dict)]
    if not cards:
        return None
    content = "; ".join(summary for summary in map(_card_summary, cards) if summary)
    return Body(type="contacts", content=content, details={"contacts": cards})
