"""Edits and deletions ("revokes") of messages already in a chat.

Meta only sends these to coexistence numbers (a WhatsApp Business app number onboarded to
the Cloud API), in two places with the same inner shape:

* `messages[]` of field `messages`: the *customer* edited or deleted one of their messages;
* `message_echoes[]` of field `smb_message_echoes`: a *human on the business app* did.

Shape (Meta's "Edit/Revoke messages webhook reference"): the item has its own `id` (the
wamid of the edit event) and `type: "edit"` with
`edit{original_message_id, message{type, <type>{...}, context?}}`, or `type: "revoke"` with
`revoke{original_message_id}`. The change applies to `original_message_id`; the new text is
the inner message's text body or media caption. Without an `original_message_id` there is
nothing to apply, so the item is `Ignored`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from multichat.chats.inbound import Ignored, MessageDeletion, MessageEdit
from multichat.webhooks.providers.meta._values import as_dict, text
from multichat.webhooks.providers.meta.content import body_of

REVISION_TYPES = frozenset({"edit", "revoke"})


def revision_of(
    item: dict[str, Any], *, chat_id: str, at: datetime
) -> MessageEdit | MessageDeletion | Ignored:
    """The edit or deletion an `edit`/`revoke` item describes (caller checks the type)."""
    kind = text(item.get("type"))
    data = as_dict(item.get(kind))
    target = text(data.get("original_message_id"))
    if not target:
        return Ignored(reason=f"meta {kind} without original_message_id")
    if kind == "revoke":
        return MessageDeletion(provider_message_id=target, deleted_at=at, chat_id=chat_id)
    new_content = body_of(as_dict(data.get("message")), []).content
    return MessageEdit(
        provider_message_id=target, content=new_content, edited_at=at, chat_id=chat_id
    )
