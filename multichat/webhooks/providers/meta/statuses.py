"""`statuses[]`: delivery reports for the messages we sent through the Cloud API.

Statuses arrive in any order and in separate POSTs (a `read` can come before, or
instead of, its `delivered`); each keeps its own timestamp and the ingest service only
moves a message's status forward. `played` (voice note listened to) ranks as `read` in
the inbox. On-Premises leftovers (`deleted`, `warning`) and unknown values are `Ignored`.
"""

from __future__ import annotations

from typing import Any

from multichat.chats.inbound import Ignored, StatusName, StatusUpdate
from multichat.webhooks.providers.meta._values import as_list, error_of, text, timestamp

_STATUSES: dict[str, StatusName] = {
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "played": "read",
    "failed": "failed",
}


def parse_status(item: Any) -> StatusUpdate | Ignored:
    """Normalize one `statuses[]` item; never raises.

    `chat_id` is the recipient's `wa_id`, or its BSUID when Meta left the phone out.
    A `failed` status carries its first `errors[]` item as
    `{"code", "title", "message", "details"}`. `client_ref` is the
    `biz_opaque_callback_data` we attached to the send (`mc:<our message id>`).
    """
    if not isinstance(item, dict):
        return Ignored(reason="meta status is not an object")
    message_id = text(item.get("id"))
    raw_status = text(item.get("status"))
    status = _STATUSES.get(raw_status)
    if status is None:
        return Ignored(reason=f"meta status {raw_status or '<missing>'} not handled")
    if not message_id:
        return Ignored(reason=f"meta status {raw_status} without id")
    errors = as_list(item.get("errors"))
    return StatusUpdate(
        provider_message_id=message_id,
        status=status,
        timestamp=timestamp(item.get("timestamp")),
        chat_id=text(item.get("recipient_id")) or text(item.get("recipient_user_id")),
        error=error_of(errors[0]) if status == "failed" and errors else None,
        client_ref=text(item.get("biz_opaque_callback_data")),
    )
