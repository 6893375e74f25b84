"""Messages an agent types in the inbox: stored `pending`, queued, announced — at once.

The message, its `OutboundSend` queue row and the announcements are written in one
transaction, so a crash can never leave a message that was announced but not queued
(or queued but not stored). After the commit `outbound_send_due` wakes the sender
(`multichat.outbound`), which calls the provider and records the result through
`outbound_results`.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from multichat.chats import events
from multichat.chats.models import (
    Chat,
    Message,
    MessageOrigin,
    MessageStatus,
    MessageType,
    OutboundSend,
)
from multichat.chats.services.outbound_media import OutboundAttachment
from multichat.chats.signals import wake_sender_on_commit
from multichat.chats.window import ensure_reply_window_open
from multichat.core.exceptions import ConflictError, InvalidInputError


def _sender_name(user: AbstractBaseUser) -> str:
    full_name = getattr(user, "get_full_name", lambda: "")()
    return str(full_name or user.get_username())


def message_create_outbound(
    *,
    chat: Chat,
    user: AbstractBaseUser,
    content: str,
    client_id: str | None,
    type: str = MessageType.TEXT,
    reply_to: str = "",
    attachment: OutboundAttachment | None = None,
) -> tuple[Message, bool]:
    """Store a message from `user` to `chat` as `pending` and queue its send; returns
    (message, created).

    Idempotent on `client_id` per chat: a retried request (the browser lost the answer)
    returns the first message with `created=False` and stores, queues and announces
    nothing. The chat row is locked first, so two concurrent retries cannot both insert.
    Refuses (409) a Meta chat outside the 24 h customer service window, and (400) a
    `reply_to` that is not a message of this chat. `inbound_count` is untouched, so an
    agent's own message never counts as unread for anyone.
    """
    with transaction.atomic():
        locked = Chat.objects.select_for_update().select_related("channel").get(pk=chat.pk)
        if client_id:
            existing = Message.objects.filter(chat=locked, client_id=client_id).first()
            if existing is not None:
                return existing, False
        ensure_reply_window_open(locked)
        if (
            reply_to
            and not Message.objects.filter(chat=locked, provider_message_id=reply_to).exists()
        ):
            raise InvalidInputError("reply_to is not a message of this chat")
        now = timezone.now()
        channel = locked.channel
        message = Message.objects.create(
            chat=locked,
            channel=channel,
            provider_message_id=None,
            client_id=client_id or None,
            from_me=True,
            origin=MessageOrigin.INBOX,
            type=type,
            content=content,
            media=attachment.as_media_json() if attachment else None,
            timestamp=now,
            sender=channel.own_jid or channel.display_phone_number,
            sender_name=_sender_name(user),
            sent_by_id=user.pk,
            status=MessageStatus.PENDING,
            status_at=now,
            reply_to=reply_to,
        )
        OutboundSend.objects.create(
            message=message,
            next_attempt_at=now,
            media_path=attachment.path if attachment else "",
        )
        _count_in_chat(locked, message)
        events.announce_new_message(message)
        events.announce_chat(locked)
        wake_sender_on_commit()
    return message, True


def message_retry_send(*, message: Message) -> Message:
    """Queue a `failed` inbox message again (`POST /api/messages/{id}/retry/`).

    The message goes back to `pending` (announced as a `message_status`; the one move
    backwards a status can make, on an agent's explicit request) with a fresh attempt
    count, and the sender is woken. Its old provider id, if a webhook reported a failure
    for it, is dropped: the new send gets its own. 409 for anything else than a failed
    message typed in the inbox, and for a Meta chat outside the 24 h window.
    """
    with transaction.atomic():
        send = OutboundSend.objects.select_for_update().filter(pk=message.pk).first()
        message = Message.objects.select_related("chat__channel").get(pk=message.pk)
        if (
            send is None
            or not message.from_me
            or message.origin != MessageOrigin.INBOX
            or message.status != MessageStatus.FAILED
        ):
            raise ConflictError(
                "only a failed message sent from the inbox can be retried",
                details={"status": message.status},
            )
        ensure_reply_window_open(message.chat)
        now = timezone.now()
        message.status, message.status_at, message.error = MessageStatus.PENDING, now, None
        message.provider_message_id = None
        message.save(update_fields=["status", "status_at", "error", "provider_message_id"])
        send.attempts, send.next_attempt_at, send.finished = 0, now, False
        send.lease_owner, send.lease_until, send.in_flight_since = "", None, None
        send.last_error = None
        send.save()
        events.announce_message_status(message)
        wake_sender_on_commit()
    return message


def _count_in_chat(chat: Chat, message: Message) -> None:
    updates: dict[str, object] = {"message_count": F("message_count") + 1}
    # A provider timestamp ahead of our clock must not be overtaken by an older "now".
    if chat.last_message_at is None or message.timestamp >= chat.last_message_at:
        updates.update(last_message=message, last_message_at=message.timestamp)
    if message.timestamp > chat.last_activity_at:
        updates["last_activity_at"] = message.timestamp
    Chat.objects.filter(pk=chat.pk).update(**updates)
