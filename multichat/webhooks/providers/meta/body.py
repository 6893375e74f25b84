"""`Body`: the visible part of a message once normalized, shared by every type builder."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multichat.chats.inbound import MediaInfo, MessageTypeName


@dataclass(frozen=True)
class Body:
    """Normalized content of one message (see the shared conventions in `chats.inbound`):
    `content` is the text or caption, `details` the type-specific JSON-able structure."""

    type: MessageTypeName
    content: str = ""
    media: MediaInfo | None = None
    details: dict[str, Any] | None = None


def unsupported_body(original_type: str, errors: list[dict[str, Any]]) -> Body:
    """The placeholder for anything the inbox cannot show, keeping what Meta said about it."""
    return Body(
        type="unsupported",
        content=f"[unsupported: {original_type}]",
        details={"original_type": original_type, "errors": errors},
    )
