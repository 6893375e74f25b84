"""Meta's customer service window: free-form replies only within 24 h of the customer.

The WhatsApp Cloud API refuses a free-form (non-template) message when the customer's
last message is more than 24 hours old (error 131047). We refuse it before queueing, with
a clear 409, instead of storing a message that can only fail. Evolution (WhatsApp Web)
has no such window. A chat where the customer never wrote is outside the window too:
starting a conversation needs a template, which the inbox does not send.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import Max
from django.utils import timezone

from multichat.chats.models import Chat, Message
from multichat.core.exceptions import ConflictError
from multichat.tenants.models import Provider

WINDOW = timedelta(hours=24)


class OutsideServiceWindowError(ConflictError):
    code = "outside_customer_service_window"


def last_customer_message_at(chat: Chat) -> datetime | None:
    value = Message.objects.filter(chat=chat, from_me=False).aggregate(at=Max("timestamp"))["at"]
    return value if isinstance(value, datetime) else None


def ensure_reply_window_open(chat: Chat, *, now: datetime | None = None) -> None:
    """Raise `OutsideServiceWindowError` (409) when `chat` is a Meta chat whose customer
    last wrote more than 24 h ago (or never)."""
    if chat.channel.provider != Provider.META:
        return
    last = last_customer_message_at(chat)
    now = now or timezone.now()
    if last is None or now - last > WINDOW:
        since = "never wrote" if last is None else f"last wrote at {last.isoformat()}"
        raise OutsideServiceWindowError(
            "outside WhatsApp's 24-hour customer service window: the customer "
            f"{since}; only a template message may be sent now",
            details={"last_customer_message_at": last.isoformat() if last else None},
        )
