"""Short-lived signed stream tickets, for clients that can send neither a header nor a
cookie with their stream request: the long-lived token never goes into a URL."""

from __future__ import annotations

from django.core import signing

SALT = "multichat.realtime.ticket"
TICKET_SECONDS = 60


def ticket_issue(user_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(user_id))


def ticket_user_id(ticket: str) -> int | None:
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(ticket, max_age=TICKET_SECONDS)
    except signing.BadSignature:  # also SignatureExpired
        return None
    return int(value) if value.isdigit() else None
