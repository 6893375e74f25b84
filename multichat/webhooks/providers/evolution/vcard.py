"""Contact cards: WhatsApp shares contacts as vCard 3.0 text inside `contactMessage`.

Only what the inbox shows is read: the name, phones (with the `waid` WhatsApp adds when
the number is on WhatsApp), e-mails and the organisation. The raw card is kept as well, so
nothing is lost for a later download.
"""

from __future__ import annotations

from typing import Any

from multichat.webhooks.providers.evolution.values import as_dict, as_list, text


def _unfolded_lines(vcard: str) -> list[str]:
    """Card lines with RFC 6350 folding undone (a line starting with a space continues)."""
    lines: list[str] = []
    for raw in vcard.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] += raw[1:]
        elif raw.strip():
            lines.append(raw.strip())
    return lines


def _split_property(line: str) -> tuple[str, str, dict[str, list[str]], str]:
    """`item1.TEL;type=CELL;waid=55119:+55 11 9`
    -> ("item1", "TEL", {"type": ["CELL"], "waid": ["55119"]}, "+55 11 9")."""
    head, _, value = line.partition(":")
    name, *params = head.split(";")
    group, _, name = name.rpartition(".")
    name = name.upper()
    parsed: dict[str, list[str]] = {}
    for param in params:
        pname, _, pvalue = param.partition("=")
        key = pname.lower() if pvalue else "type"  # bare `;CELL` is a vCard 2.1 type
        parsed.setdefault(key, []).append(pvalue or pname)
    return group, name, parsed, value.strip()


def parse_vcard(vcard: str, display_name: str = "") -> dict[str, Any]:
    """One card in the shared `details.contacts[]` shape.

    `{"name", "phones": [{"phone", "wa_id", "type"}], "emails", "org", "vcard"}`; the name
    is the message's `displayName`, else the card's `FN`.
    """
    full_name = ""
    phones: list[dict[str, str]] = []
    emails: list[str] = []
    org = ""
    labels: dict[str, str] = {}  # `item1.X-ABLabel:Celular`: the label of item1's phone
    phone_groups: list[str] = []
    for line in _unfolded_lines(vcard):
        group, name, params, value = _split_property(line)
        if name == "X-ABLABEL" and group:
            labels[group] = value
        elif name == "FN":
            full_name = value
        elif name == "TEL":
            kinds = [t.upper() for t in params.get("type", []) if t.upper() != "VOICE"]
            phones.append(
                {
                    "phone": value,
                    "wa_id": next(iter(params.get("waid", [])), ""),
                    "type": kinds[0] if kinds else "",
                }
            )
            phone_groups.append(group)
        elif name == "EMAIL" and value:
            emails.append(value)
        elif name == "ORG":
            org = " ".join(part for part in value.split(";") if part)
    for phone, group in zip(phones, phone_groups, strict=True):
        if not phone["type"]:
            phone["type"] = labels.get(group, "")
    return {
        "name": display_name or full_name,
        "phones": phones,
        "emails": emails,
        "org": org,
        "vcard": vcard,
    }


def contact_cards(content_key: str, content: dict[str, Any]) -> list[dict[str, Any]]:
    """Every card of a `contactMessage` (one) or `contactsArrayMessage` (several)."""
    if content_key == "contactsArrayMessage":
        entries = [as_dict(item) for item in as_list(content.get("contacts"))]
    else:
        entries = [content]
    return [
        parse_vcard(text(entry.get("vcard")), text(entry.get("displayName")))
        for entry in entries
        if entry
    ]


def cards_summary(cards: list[dict[str, Any]]) -> str:
    """The message text for shared contacts: `"Name +phone"` per card, joined by `"; "`."""
    parts = []
    for card in cards:
        phone = card["phones"][0]["phone"] if card["phones"] else ""
        parts.append(" ".join(part for part in (card["name"], phone) if part))
    return "; ".join(part for part in parts if part)
