"""Which part of a Baileys `message` object is the content, and what the inbox shows of it.

A `message` holds one content key (`conversation`, `imageMessage`, ...) next to siblings
that are never the content (`messageContextInfo`, `senderKeyDistributionMessage`, and the
`base64`/`mediaUrl` Evolution adds). Some content keys only wrap another message
(`ephemeralMessage`, `viewOnceMessage*`, `documentWithCaptionMessage`, `editedMessage`):
those are unwrapped so the inner content is what gets parsed.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multichat.webhooks.providers.evolution.values import as_dict, text

# FutureProofMessage wrappers: `{<wrapper>: {"message": {<inner content>}}}`.
WRAPPERS = frozenset(
    {
        "ephemeralMessage",
        "viewOnceMessage",
        "viewOnceMessageV2",
        "viewOnceMessageV2Extension",
        "documentWithCaptionMessage",
        "editedMessage",
    }
)
NEVER_CONTENT = frozenset({"senderKeyDistributionMessage", "messageContextInfo"})
_MAX_UNWRAP = 4  # wrappers nest at most twice in practice (ephemeral(viewOnce(...)))


@dataclass(frozen=True)
class Content:
    """The content key (e.g. `imageMessage`; "" when none), its value, and the message
    object that holds it (after unwrapping)."""

    key: str
    value: Any
    message: dict[str, Any]

    @property
    def fields(self) -> dict[str, Any]:
        """The content object (`{}` for `conversation`, whose value is the text itself)."""
        return as_dict(self.value)


def content_type_of(message: dict[str, Any], hint: str = "") -> str:
    """Baileys' `getContentType`: the first key that is `conversation` or names a
    `...Message`, skipping `senderKeyDistributionMessage`; `hint` (Evolution's
    `messageType`) wins when it names a key that is present."""
    if hint and hint in message and hint not in NEVER_CONTENT and message[hint] is not None:
        return hint
    for key, value in message.items():
        if key in NEVER_CONTENT or value is None:
            continue
        if key == "conversation" or "Message" in key:
            return key
    return ""


def find_content(message: Any, hint: str = "") -> Content:
    """The content of `message`, with wrapper messages unwrapped."""
    current = as_dict(message)
    key = content_type_of(current, hint)
    for _ in range(_MAX_UNWRAP):
        if key not in WRAPPERS:
            break
        inner = as_dict(as_dict(current[key]).get("message"))
        if not inner:
            break
        current = inner
        key = content_type_of(current)
    return Content(key=key, value=current.get(key) if key else None, message=current)


def text_of(content: Content) -> str:
    """The text or caption a content carries ("" for media without caption)."""
    if content.key == "conversation":
        return text(content.value)
    fields = content.fields
    if content.key == "extendedTextMessage":
        return text(fields.get("text"))
    return text(fields.get("caption"))


def context_info_of(data: dict[str, Any], content: Content) -> dict[str, Any]:
    """The content's `contextInfo`; v2.x lifts it to `data.contextInfo`, v1 leaves it inside."""
    return as_dict(data.get("contextInfo")) or as_dict(content.fields.get("contextInfo"))


def context_extras(context: dict[str, Any]) -> dict[str, Any]:
    """Forwarding and click-to-WhatsApp ad facts, in the shared `details` keys."""
    extras: dict[str, Any] = {}
    score = context.get("forwardingScore")
    if isinstance(score, int) and not isinstance(score, bool) and score >= 5:
        extras["frequently_forwarded"] = True  # WhatsApp's "forwarded many times"
    elif context.get("isForwarded") is True:
        extras["forwarded"] = True
    ad = as_dict(context.get("externalAdReply"))
    if ad:
        extras["referral"] = {
            "source_url": text(ad.get("sourceUrl")),
            "source_id": text(ad.get("sourceId")),
            "source_type": text(ad.get("sourceType")),
            "headline": text(ad.get("title")),
            "body": text(ad.get("body")),
            "media_type": text(ad.get("mediaType")),
            "thumbnail_url": text(ad.get("thumbnailUrl")),
            "ctwa_clid": text(ad.get("ctwaClid")),
        }
    return extras
