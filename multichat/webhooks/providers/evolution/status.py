"""Evolution message statuses (`renderStatus.ts`) in the inbox's status names.

Evolution sends the Baileys `WAMessageStatus` as its name; some older builds sent the
enum number, so both are read. `DELETED` (Evolution's fallback) and anything unknown
map to None: there is no status to apply.
"""

from __future__ import annotations

from typing import Any

from multichat.chats.inbound import StatusName

STATUS_BY_NAME: dict[str, StatusName] = {
    "ERROR": "failed",
    "PENDING": "pending",
    "SERVER_ACK": "sent",
    "DELIVERY_ACK": "delivered",
    "READ": "read",
    "PLAYED": "read",  # a voice note played: the inbox shows it as read
}
# Baileys `proto.WebMessageInfo.Status` numbers, for builds that sent the raw enum.
STATUS_NAME_BY_NUMBER = {
    0: "ERROR",
    1: "PENDING",
    2: "SERVER_ACK",
    3: "DELIVERY_ACK",
    4: "READ",
    5: "PLAYED",
}


def status_name(value: Any) -> str:
    """The upper-case Evolution status name of `value` ("" when absent or unknown)."""
    if isinstance(value, int) and not isinstance(value, bool):
        return STATUS_NAME_BY_NUMBER.get(value, "")
    return value.strip().upper() if isinstance(value, str) else ""


def status_of(value: Any) -> StatusName | None:
    """The inbox status for an Evolution status value, or None when there is none."""
    return STATUS_BY_NAME.get(status_name(value))
