"""What a chat bubble shows for each Evolution content type, in the shared shapes.

Conventions shared with the Meta adapter (see `multichat.chats.inbound`): `content` is
the text or caption; media types carry a `MediaInfo`; location, contacts, interactive and
unsupported messages carry their type-specific `details`. Anything not understood becomes
an `unsupported` placeholder, never an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multichat.chats.inbound import MediaInfo, MessageTypeName
from multichat.webhooks.providers.evolution.content import NEVER_CONTENT, Content, text_of
from multichat.webhooks.providers.evolution.values import as_dict, bytes_b64, text, to_int
from multichat.webhooks.providers.evolution.vcard import cards_summary, contact_cards

MEDIA_TYPES: dict[str, MessageTypeName] = {
    "imageMessage": "image",
    "videoMessage": "video",
    "documentMessage": "document",
    "audioMessage": "audio",
    "stickerMessage": "sticker",
}
# Button/list/template replies, in the `kind`s the Meta adapter uses for the same taps.
INTERACTIVE_KINDS = {
    "buttonsResponseMessage": "button_reply",
    "listResponseMessage": "list_reply",
    "templateButtonReplyMessage": "button",
    "interactiveResponseMessage": "nfm_reply",
}


@dataclass(frozen=True)
class Body:
    type: MessageTypeName
    content: str = ""
    media: MediaInfo | None = None
    details: dict[str, Any] | None = None


def media_of(content: Content, outer_message: dict[str, Any]) -> MediaInfo:
    """Attachment facts; `base64` (webhook_base64) and `mediaUrl` (S3) sit beside the content."""
    fields = content.fields
    inline = outer_message.get("base64")
    stored_url = text(outer_message.get("mediaUrl"))
    return MediaInfo(
        mime_type=text(fields.get("mimetype")),
        sha256=bytes_b64(fields.get("fileSha256")),
        filename=text(fields.get("fileName")),
        size=to_int(fields.get("fileLength")),
        seconds=to_int(fields.get("seconds")),
        voice=fields.get("ptt") is True,
        animated=fields.get("isAnimated") is True,
        url=stored_url or text(fields.get("url")),
        inline_base64=inline if isinstance(inline, str) and inline else None,
    )


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _location(fields: dict[str, Any]) -> Body:
    name, address = text(fields.get("name")), text(fields.get("address"))
    details = {
        "latitude": _number(fields.get("degreesLatitude")),
        "longitude": _number(fields.get("degreesLongitude")),
        "name": name,
        "address": address,
        "url": text(fields.get("url")),
    }
    summary = ", ".join(part for part in (name, address) if part) or text(fields.get("caption"))
    return Body(type="location", content=summary, details=details)


def _interactive(key: str, fields: dict[str, Any]) -> Body:
    kind = INTERACTIVE_KINDS[key]
    if key == "buttonsResponseMessage":
        payload, title = fields.get("selectedButtonId"), fields.get("selectedDisplayText")
    elif key == "listResponseMessage":
        payload = as_dict(fields.get("singleSelectReply")).get("selectedRowId")
        title = fields.get("title")
    elif key == "templateButtonReplyMessage":
        payload, title = fields.get("selectedId"), fields.get("selectedDisplayText")
    else:  # interactiveResponseMessage: a WhatsApp Flow (`nfm_reply`) answer
        payload = as_dict(fields.get("nativeFlowResponseMessage")).get("paramsJson")
        title = as_dict(fields.get("body")).get("text")
    details = {
        "kind": kind,
        "payload": text(payload),
        "title": text(title),
        "description": text(fields.get("description")),
    }
    return Body(type="interactive", content=text(title), details=details)


def unsupported(original_type: str, errors: list[Any] | None = None) -> Body:
    """The placeholder for a content the inbox cannot show (polls, video notes, ...)."""
    return Body(
        type="unsupported",
        content=f"[unsupported: {original_type}]",
        details={"original_type": original_type, "errors": errors or []},
    )


def body_of(content: Content, outer_message: dict[str, Any], message_type: str) -> Body:
    """The bubble for `content`; `message_type` names the placeholder when there is none."""
    key = content.key
    if key in ("conversation", "extendedTextMessage"):
        return Body(type="text", content=text_of(content))
    if key in MEDIA_TYPES:
        return Body(
            type=MEDIA_TYPES[key],
            content=text_of(content),
            media=media_of(content, outer_message),
        )
    if key in ("locationMessage", "liveLocationMessage"):
        return _location(content.fields)
    if key in ("contactMessage", "contactsArrayMessage"):
        cards = contact_cards(key, content.fields)
        return Body(type="contacts", content=cards_summary(cards), details={"contacts": cards})
    if key in INTERACTIVE_KINDS:
        return _interactive(key, content.fields)
    if not key and message_type in NEVER_CONTENT:
        message_type = ""  # a lone sender-key distribution is no content at all
    return unsupported(key or message_type or "unknown")
