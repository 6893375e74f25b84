"""Storing a message a webhook reported (inbound, or ours typed/sent elsewhere).

Idempotent on (channel, provider_message_id): a redelivery stores nothing and announces
nothing, except that a status it carries may still move the stored one forward. A message
that arrives after statuses or reactions for it picks them up.
"""

from __future__ import annotations

from dataclasses import replace

from django.db import IntegrityError, transaction
from django.db.models import F

from multichat.chats.inbound import IncomingMessage
from multichat.chats.models import Chat, EarlyStatus, Message, Reaction
from multichat.chats.services.announcements import PendingAnnouncements
from multichat.chats.services.chat_resolution import chat_get_or_create, contact_upsert
from multichat.chats.services.outbound_results import outbound_link_echo
from multichat.chats.status import best_status, status_moves_forward
from multichat.tenants.models import Channel


def _initial_status(item: IncomingMessage) -> str:
    if item.status is not None:
        return item.status
    return "sent" if item.from_me else "delivered"


def message_record_incoming(
    *, channel: Channel, item: IncomingMessage, pending: PendingAnnouncements
) -> bool:
    """Store `item` once. Returns True when a new row was created.

    The echo of one of our own sends (Evolution reports API sends as `send.message`)
    whose send answer we have not stored is linked to that inbox message instead of
    becoming a second bubble (`outbound_link_echo`).
    """
    existing = Message.objects.filter(
        channel=channel, provider_message_id=item.provider_message_id
    ).first()
    if existing is None:
        existing = outbound_link_echo(channel=channel, item=item)
        if existing is not None:
            pending.status_changed(existing)
            item = _at_least_sent(item)
    if existing is not None:
        _refresh_status(existing, item, pending)
        return False
    chat, _ = chat_get_or_create(channel, item.chat, at=item.timestamp)
    if item.contact is not None and not item.chat.is_group and contact_upsert(chat, item.contact):
        pending.chat_changed(chat)
    try:
        with transaction.atomic():
            message = Message.objects.create(
                chat=chat,
                channel=channel,
                provider_message_id=item.provider_message_id,
                from_me=item.from_me,
                origin=item.origin,
                type=item.type,
                content=item.content,
                media=item.media.as_json() if item.media else None,
                details=item.details,
                timestamp=item.timestamp,
                sender=item.sender,
                sender_name=item.sender_name,
                status=_initial_status(item),
                status_at=item.timestamp,
                reply_to=item.reply_to,
            )
    except IntegrityError:
        return False  # a concurrent delivery of the same message won the insert
    _count_in_chat(chat, message)
    _apply_early_status(message)
    Reaction.objects.filter(
        chat=chat, message__isnull=True, target_provider_message_id=message.provider_message_id
    ).update(message=message)
    pending.message_created(message)
    return True


def _at_least_sent(item: IncomingMessage) -> IncomingMessage:
    """The echo of a send proves the provider accepted it: at least `sent`."""
    return replace(item, status=best_status("sent", item.status or "sent"))  # type: ignore[arg-type]


def _refresh_status(message: Message, item: IncomingMessage, pending: PendingAnnouncements) -> None:
    if item.status and status_moves_forward(message.status, item.status):
        message.status = item.status
        message.save(update_fields=["status"])
        pending.status_changed(message)


def _count_in_chat(chat: Chat, message: Message) -> None:
    updates: dict[str, object] = {"message_count": F("message_count") + 1}
    if not message.from_me:
        updates["inbound_count"] = F("inbound_count") + 1
    is_latest = chat.last_message_at is None or message.timestamp >= chat.last_message_at
    if is_latest:
        updates.update(last_message=message, last_message_at=message.timestamp)
    if message.timestamp > chat.last_activity_at:
        updates["last_activity_at"] = message.timestamp
    Chat.objects.filter(pk=chat.pk).update(**updates)
    chat.refresh_from_db()


def _apply_early_status(message: Message) -> None:
    early = EarlyStatus.objects.filter(
        channel_id=message.channel_id, provider_message_id=message.provider_message_id
    ).first()
    if early is None:
        return
    new = best_status(message.status, early.status)
    if new != message.status:
        message.status, message.status_at = new, early.timestamp
        if early.error is not None:
            message.error = early.error
        message.save(update_fields=["status", "status_at", "error"])
    early.delete()
