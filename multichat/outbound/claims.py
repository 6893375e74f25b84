"""Claiming queued sends: one sender at a time per row, across every server process.

Blocking ORM code, run on the sender's database thread. A claim is one conditional
UPDATE — `WHERE not finished AND due AND lease free or expired` — and rowcount 1 means
the row is ours until `lease_until`; on PostgreSQL and SQLite alike, two processes
racing for a row cannot both get rowcount 1. Right before the provider call the owner
commits `in_flight_since` (its own transaction): a row found later with
`in_flight_since` set, its lease expired and no provider id is "in doubt" — the owner
died (or timed out) mid-call and the provider may have the message.

In doubt, we do not resend at once: a status webhook (Meta, which returns our
`biz_opaque_callback_data`) or an echo (Evolution `send.message`) links the row to its
provider id, and a linked row is finished without sending. Only a row still unlinked
`OUTBOUND_IN_DOUBT_GRACE_SECONDS` after the call started is sent again. The trade-off:
if the provider did take the message but no webhook reaches us within the grace (the
webhook is not configured, or delayed longer), the customer gets it twice; a shorter
grace resends lost messages sooner, a longer one makes a double send less likely.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Literal, cast

from django.conf import settings
from django.db.models import F, Q
from django.utils import timezone

from multichat.chats.models import Message, OutboundSend
from multichat.chats.services.outbound_results import is_linked, outbound_record_accepted
from multichat.outbound.clients.base import ChannelConfig, OutgoingMedia, OutgoingMessage

logger = logging.getLogger(__name__)
SENDABLE = {"text", "image", "document"}


@dataclass(frozen=True)
class SendJob:
    message_id: int
    attempt: int  # 1 for the first call
    channel_id: int
    channel: ChannelConfig
    message: OutgoingMessage | None  # None: the row cannot be sent (see `problem`)
    problem: str = ""


def _free(now: object) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lt=now)


def claim_due(*, owner: str, limit: int) -> list[int]:
    """Take up to `limit` due rows for `owner`; returns their message ids."""
    now = timezone.now()
    due = OutboundSend.objects.filter(Q(finished=False, next_attempt_at__lte=now) & _free(now))
    candidates = list(due.order_by("next_attempt_at").values_list("pk", flat=True)[: limit * 2])
    lease_until = now + timedelta(seconds=settings.OUTBOUND_LEASE_SECONDS)
    claimed: list[int] = []
    for pk in candidates:
        if len(claimed) >= limit:
            break
        won = due.filter(pk=pk).update(lease_owner=owner, lease_until=lease_until)
        if won == 1:
            claimed.append(pk)
    return claimed


def _release(pk: int, owner: str, **changes: object) -> None:
    OutboundSend.objects.filter(pk=pk, lease_owner=owner).update(
        lease_owner="", lease_until=None, **changes
    )


def prepare(*, message_id: int, owner: str) -> SendJob | None:
    """Decide what to do with a claimed row: None when there is nothing to send now
    (finished, linked meanwhile, in doubt within its grace, or the lease was lost);
    else mark it in flight (committed) and return the job."""
    send = OutboundSend.objects.filter(pk=message_id, lease_owner=owner, finished=False).first()
    if send is None:
        return None
    message = Message.objects.select_related("chat", "channel").get(pk=message_id)
    if is_linked(message):
        if message.provider_message_id:
            outbound_record_accepted(
                message_id=message_id, provider_message_id=message.provider_message_id
            )
        else:
            _release(message_id, owner, finished=True)
        return None
    now = timezone.now()
    if send.in_flight_since is not None:
        resend_at = send.in_flight_since + timedelta(
            seconds=settings.OUTBOUND_IN_DOUBT_GRACE_SECONDS
        )
        if now < resend_at:
            _release(message_id, owner, next_attempt_at=resend_at)
            return None
        logger.warning("outbound message %s in doubt past its grace: sending again", message_id)
    job = _job(send, message, attempt=send.attempts + 1)
    started = OutboundSend.objects.filter(
        pk=message_id, lease_owner=owner, finished=False, lease_until__gt=now
    ).update(in_flight_since=now, attempts=F("attempts") + 1)
    return job if started == 1 else None


def _job(send: OutboundSend, message: Message, *, attempt: int) -> SendJob:
    channel = message.channel
    config = ChannelConfig(
        provider=channel.provider,
        api_base_url=channel.api_base_url,
        phone_number_id=channel.phone_number_id or "",
        access_token=channel.access_token,
        instance=channel.instance or "",
        api_key=channel.api_key,
    )
    media: OutgoingMedia | None = None
    if message.type not in SENDABLE:
        return SendJob(
            message_id=message.pk,
            attempt=attempt,
            channel_id=message.channel_id,
            channel=config,
            message=None,
            problem=f"messages of type {message.type} are not sent",
        )
    if message.type != "text":
        path = Path(settings.OUTBOUND_MEDIA_DIR) / send.media_path
        if not send.media_path or not path.is_file():
            return SendJob(
                message_id=message.pk,
                attempt=attempt,
                channel_id=message.channel_id,
                channel=config,
                message=None,
                problem="the attachment to send is missing",
            )
        info = message.media or {}
        media = OutgoingMedia(
            path=path,
            mime_type=str(info.get("mime_type") or "application/octet-stream"),
            filename=str(info.get("filename") or path.name),
        )
    outgoing = OutgoingMessage(
        message_id=message.pk,
        to=message.chat.chat_id,
        type=cast(Literal["text", "image", "document"], message.type),
        text=message.content,
        reply_to=message.reply_to,
        media=media,
    )
    return SendJob(
        message_id=message.pk,
        attempt=attempt,
        channel_id=message.channel_id,
        channel=config,
        message=outgoing,
    )
