"""Changes to stored messages: delivery statuses, reactions, edits and deletions.

Each applies only when it changes something, so a redelivered webhook announces nothing.
"""

from __future__ import annotations

import logging

from multichat.chats.inbound import MessageDeletion, MessageEdit, ReactionChange, StatusUpdate
from multichat.chats.models import EarlyStatus, Message, Reaction
from multichat.chats.services.announcements import PendingAnnouncements
from multichat.chats.services.chat_resolution import chat_get_or_create
from multichat.chats.services.outbound_results import outbound_link_client_ref
from multichat.chats.status import status_moves_forward
from multichat.tenants.models import Channel

logger = logging.getLogger(__name__)


def _find(channel: Channel, provider_message_id: str) -> Message | None:
    return (
        Message.objects.select_related("chat")
        .filter(channel=channel, provider_message_id=provider_message_id)
        .first()
    )


def message_apply_status(
    *, channel: Channel, item: StatusUpdate, pending: PendingAnnouncements
) -> None:
    """Move the message's status forward; keep it for later if the message is not here yet.

    A Meta status for one of our sends whose answer we never stored names our message in
    `client_ref`: that message takes the provider id here (see `outbound_results`).
    """
    message = _find(channel, item.provider_message_id)
    if message is None and item.client_ref:
        message = outbound_link_client_ref(
            channel=channel,
            client_ref=item.client_ref,
            provider_message_id=item.provider_message_id,
        )
        if message is not None:
            pending.status_changed(message)
    if message is None:
        early, created = EarlyStatus.objects.get_or_create(
            channel=channel,
            provider_message_id=item.provider_message_id,
            defaults={"status": item.status, "timestamp": item.timestamp, "error": item.error},
        )
        if not created and status_moves_forward(early.status, item.status):
            early.status, early.timestamp, early.error = item.status, item.timestamp, item.error
            early.save(update_fields=["status", "timestamp", "error"])
        return
    if not status_moves_forward(message.status, item.status):
        return
    message.status, message.status_at = item.status, item.timestamp
    fields = ["status", "status_at"]
    if item.error is not None:
        message.error = item.error
        fields.append("error")
    message.save(update_fields=fields)
    pending.status_changed(message)


def message_apply_reaction(
    *, channel: Channel, item: ReactionChange, pending: PendingAnnouncements
) -> None:
    """Set or remove one sender's reaction on the target message."""
    target = _find(channel, item.target_provider_message_id)
    chat = (
        target.chat
        if target is not None
        else chat_get_or_create(channel, item.chat, at=item.timestamp)[0]
    )
    current = Reaction.objects.filter(
        chat=chat, target_provider_message_id=item.target_provider_message_id, sender=item.sender
    ).first()
    if not item.emoji:
        if current is None:
            return
        current.delete()
    elif current is None:
        Reaction.objects.create(
            chat=chat,
            message=target,
            target_provider_message_id=item.target_provider_message_id,
            sender=item.sender,
            from_me=item.from_me,
            emoji=item.emoji,
            provider_message_id=item.provider_message_id,
            timestamp=item.timestamp,
        )
    elif current.emoji != item.emoji and item.timestamp >= current.timestamp:
        current.emoji, current.timestamp = item.emoji, item.timestamp
        current.provider_message_id = item.provider_message_id
        current.save(update_fields=["emoji", "timestamp", "provider_message_id"])
    else:
        return
    if target is not None:
        pending.message_changed(target)


def message_apply_edit(
    *, channel: Channel, item: MessageEdit, pending: PendingAnnouncements
) -> None:
    """The latest edit wins; an older or repeated edit changes nothing."""
    message = _find(channel, item.provider_message_id)
    if message is None:
        logger.info("edit for unknown message ignored")
        return
    if message.deleted or (message.edited_at is not None and item.edited_at <= message.edited_at):
        return
    message.content, message.edited_at = item.content, item.edited_at
    message.save(update_fields=["content", "edited_at"])
    pending.message_changed(message)
    if message.chat.last_message_id == message.pk:
        pending.chat_changed(message.chat)


def message_apply_deletion(
    *, channel: Channel, item: MessageDeletion, pending: PendingAnnouncements
) -> None:
    """Keep the row, mark it deleted; the API hides its content."""
    message = _find(channel, item.provider_message_id)
    if message is None:
        logger.info("deletion for unknown message ignored")
        return
    if message.deleted:
        return
    message.deleted, message.deleted_at = True, item.deleted_at
    message.save(update_fields=["deleted", "deleted_at"])
    pending.message_changed(message)
    if message.chat.last_message_id == message.pk:
        pending.chat_changed(message.chat)
