"""The visible part of a Meta message: type, text, media and type-specific details.

One builder per Meta message type, each reading only the object named after the type
(`message["image"]`, ...). A builder returns None when that object is missing or unusable,
and the message then becomes an `unsupported` placeholder: Meta does send e.g. an
`interactive` message without its `interactive` object (value-level error 131000), and a
message must never be dropped or crash the webhook.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from multichat.chats.inbound import MediaInfo, MessageTypeName
from multichat.webhooks.providers.meta._values import as_dict, errors_of, text
from multichat.webhooks.providers.meta.body import Body, unsupported_body
from multichat.webhooks.providers.meta.structured import contacts_body, location_body


def _text(obj: Any) -> Body | None:
    body = as_dict(obj).get("body")
    return Body(type="text", content=body) if isinstance(body, str) else None


def _media(kind: MessageTypeName) -> Callable[[Any], Body | None]:
    def build(obj: Any) -> Body | None:
        if not isinstance(obj, dict):
            return None
        media = MediaInfo(
            media_id=text(obj.get("id")),
            mime_type=text(obj.get("mime_type")),
            sha256=text(obj.get("sha256")),
            filename=text(obj.get("filename")),
            voice=obj.get("voice") is True,
            animated=obj.get("animated") is True,
            url=text(obj.get("url")),
        )
        return Body(type=kind, content=text(obj.get("caption")), media=media)

    return build


def _interactive_details(kind: str, payload: str, title: str, description: str = "") -> Body:
    details = {"kind": kind, "payload": payload, "title": title, "description": description}
    return Body(type="interactive", content=title, details=details)


def _interactive(obj: Any) -> Body | None:
    """Replies to our interactive messages: a reply button, a list row or a Flow (`nfm`)."""
    data = as_dict(obj)
    kind = text(data.get("type"))
    reply = data.get(kind)
    if not isinstance(reply, dict):
        return None
    if kind in ("button_reply", "list_reply"):
        return _interactive_details(
            kind, text(reply.get("id")), text(reply.get("title")), text(reply.get("description"))
        )
    if kind == "nfm_reply":
        # A Flow's answer: `response_json` is the submitted form, `body` Meta's label ("Sent").
        title = text(reply.get("body")) or text(reply.get("name"))
        return _interactive_details(kind, text(reply.get("response_json")), title)
    return None


def _template_button(obj: Any) -> Body | None:
    """A quick-reply button tapped on one of our *template* messages."""
    data = as_dict(obj)
    if not data:
        return None
    return _interactive_details("button", text(data.get("payload")), text(data.get("text")))


_BUILDERS: dict[str, Callable[[Any], Body | None]] = {
    "text": _text,
    "image": _media("image"),
    "audio": _media("audio"),
    "video": _media("video"),
    "document": _media("document"),
    "sticker": _media("sticker"),
    "location": location_body,
    "contacts": contacts_body,
    "interactive": _interactive,
    "button": _template_button,
}


def _original_type(kind: str, obj: Any) -> str:
    """The most specific name for what could not be shown (`poll_creation`, `nfm_x`, ...)."""
    if kind in ("unsupported", "interactive"):
        return text(as_dict(obj).get("type")) or kind
    return kind


def body_of(message: dict[str, Any], value_errors: list[dict[str, Any]]) -> Body:
    """Build the body of a `messages[]` / `message_echoes[]` item; never raises.

    `value_errors` (normalized `value.errors[]`) explain a placeholder when the message
    carries no `errors[]` of its own.
    """
    kind = text(message.get("type")) or "unknown"
    obj = message.get(kind)
    builder = _BUILDERS.get(kind)
    built = builder(obj) if builder is not None else None
    if built is not None:
        return built
    errors = errors_of(message.get("errors")) or value_errors
    return unsupported_body(_original_type(kind, obj), errors)
