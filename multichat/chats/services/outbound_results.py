"""What became of an outbound send: recorded by the sender, or learned from a webhook.

The sender (`multichat.outbound`) calls `outbound_record_accepted` / `_failure`; the
webhook services call `outbound_link_*` when a provider tells us the id of a message we
sent before we could store it (the send answer was lost, or has not arrived yet). All of
these only move a message forward and announce what changed, in their transaction.

A message is "linked" once it has its provider id (or a status past `pending`): from then
on it is never sent again, whoever learned the id first.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from multichat.chats import events
from multichat.chats.inbound import IncomingMessage
from multichat.chats.models import (
    Chat,
    EarlyStatus,
    Message,
    MessageOrigin,
    MessageStatus,
    OutboundSend,
    Reaction,
)
from multichat.chats.services.announcements import PendingAnnouncements
from multichat.chats.services.outbound_media import attachment_discard
from multichat.chats.status import best_status
from multichat.tenants.models import Channel

logger = logging.getLogger(__name__)
CLIENT_REF_PREFIX = "mc:"  # Meta `biz_opaque_callback_data` of our sends: "mc:<message id>"


def is_linked(message: Message) -> bool:
    return message.provider_message_id is not None or message.status != MessageStatus.PENDING


def _finish(send: OutboundSend) -> None:
    send.finished, send.lease_owner, send.lease_until, send.in_flight_since = True, "", None, None
    send.save(update_fields=["finished", "lease_owner", "lease_until", "in_flight_since"])
    path = send.media_path
    transaction.on_commit(lambda: attachment_discard(path))


def _set_provider_id(
    message: Message, provider_message_id: str, pending: PendingAnnouncements
) -> None:
    """Give `message` its provider id, taking over a duplicate row a webhook may have
    stored for the same id before it could be matched to ours."""
    clash = (
        Message.objects.filter(
            channel_id=message.channel_id, provider_message_id=provider_message_id
        )
        .exclude(pk=message.pk)
        .first()
    )
    if clash is not None:
        logger.warning("outbound message %s merged with webhook duplicate %s", message.pk, clash.pk)
        message.status = best_status(message.status, clash.status)
        Reaction.objects.filter(message=clash).update(message=message)
        chat = clash.chat
        clash.delete()
        Chat.objects.filter(pk=chat.pk).update(message_count=F("message_count") - 1)
        if chat.last_message_id == clash.pk or chat.last_message_id is None:
            Chat.objects.filter(pk=chat.pk).update(last_message=message)
        pending.chat_changed(chat)
    message.provider_message_id = provider_message_id
    early = EarlyStatus.objects.filter(
        channel_id=message.channel_id, provider_message_id=provider_message_id
    ).first()
    if early is not None:
        if best_status(message.status, early.status) != message.status:
            message.status, message.status_at = early.status, early.timestamp
            message.error = early.error if early.error is not None else message.error
        early.delete()
    Reaction.objects.filter(
        chat_id=message.chat_id,
        message__isnull=True,
        target_provider_message_id=provider_message_id,
    ).update(message=message)


def outbound_record_accepted(
    *, message_id: int, provider_message_id: str, media_id: str = ""
) -> None:
    """The provider accepted the send and named it `provider_message_id`.

    Idempotent, and safe after a webhook already linked the id (same id: nothing to do
    but finish). The status becomes at least `sent`; an early status for the id applies.
    """
    with transaction.atomic():
        send = OutboundSend.objects.select_for_update().filter(pk=message_id).first()
        if send is None:
            return
        message = Message.objects.select_related("chat__channel").get(pk=message_id)
        before = (message.provider_message_id, message.status)
        pending = PendingAnnouncements()
        if message.provider_message_id != provider_message_id:
            _set_provider_id(message, provider_message_id, pending)
        message.status = best_status(message.status, MessageStatus.SENT)
        if media_id and message.media and not message.media.get("id"):
            message.media = {**message.media, "id": media_id}
        if (message.provider_message_id, message.status) != before:
            message.status_at, message.error = timezone.now(), None
            pending.status_changed(message)
        message.save()
        send.last_error = None
        send.save(update_fields=["last_error"])
        _finish(send)
        pending.flush()


def outbound_record_failure(
    *,
    message_id: int,
    owner: str,
    error: dict[str, Any],
    retry_at: datetime | None,
    in_doubt: bool = False,
) -> bool:
    """A send attempt failed. With `retry_at` it is tried again then (still `pending`);
    without, the message becomes `failed` with `error`, announced. `in_doubt` (the
    provider may have the message: a timeout after the request went out) keeps the row
    marked in flight, so the next attempt waits for a webhook first (see `claims`).
    Nothing happens when the row was linked or taken over meanwhile. Returns True when
    the message was marked failed."""
    with transaction.atomic():
        send = OutboundSend.objects.select_for_update().filter(pk=message_id).first()
        if send is None or send.finished or send.lease_owner != owner:
            return False
        message = Message.objects.select_related("chat__channel").get(pk=message_id)
        send.last_error = error
        if is_linked(message):
            send.save(update_fields=["last_error"])
            _finish(send)
            return False
        if retry_at is not None:
            send.next_attempt_at, send.lease_owner, send.lease_until = retry_at, "", None
            if not in_doubt:
                send.in_flight_since = None
            send.save()
            return False
        message.status, message.status_at, message.error = (
            MessageStatus.FAILED,
            timezone.now(),
            error,
        )
        message.save(update_fields=["status", "status_at", "error"])
        send.finished, send.lease_owner, send.lease_until, send.in_flight_since = (
            True,
            "",
            None,
            None,
        )
        send.save()  # the attachment is kept: a retry sends it again
        events.announce_message_status(message)
        return True


def outbound_link_echo(*, channel: Channel, item: IncomingMessage) -> Message | None:
    """An echo of one of our own sends (Evolution `send.message`, or a fromMe
    `messages.upsert`) whose id we do not know: the in-flight inbox message of the same
    chat with the same type and content, not linked yet, takes the id. Oldest first, so
    two identical texts in a row are linked in the order they were sent."""
    if not item.from_me:
        return None
    chat_ids = [c for c in (item.chat.chat_id, item.chat.alt_chat_id) if c]
    candidate = (
        Message.objects.select_related("chat")
        .filter(
            channel=channel,
            chat__chat_id__in=chat_ids,
            from_me=True,
            origin=MessageOrigin.INBOX,
            provider_message_id__isnull=True,
            status=MessageStatus.PENDING,
            type=item.type,
            content=item.content,
            outbound__finished=False,
            outbound__in_flight_since__isnull=False,
        )
        .order_by("id")
        .first()
    )
    if candidate is not None:
        _link(candidate, item.provider_message_id)
    return candidate


def outbound_link_client_ref(
    *, channel: Channel, client_ref: str, provider_message_id: str
) -> Message | None:
    """A Meta status naming one of our sends by `biz_opaque_callback_data` ("mc:<id>"):
    that message, not linked yet, takes the provider id."""
    if not client_ref.startswith(CLIENT_REF_PREFIX):
        return None
    raw = client_ref[len(CLIENT_REF_PREFIX) :]
    if not raw.isdigit():
        return None
    message = (
        Message.objects.select_related("chat")
        .filter(pk=int(raw), channel=channel, from_me=True, provider_message_id__isnull=True)
        .first()
    )
    if message is not None:
        _link(message, provider_message_id)
    return message


def _link(message: Message, provider_message_id: str) -> None:
    message.provider_message_id = provider_message_id
    message.save(update_fields=["provider_message_id"])
    send = OutboundSend.objects.filter(pk=message.pk).first()
    if send is not None and not send.finished:
        _finish(send)
    logger.info("outbound message %s linked by webhook", message.pk)
