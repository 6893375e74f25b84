"""Applying everything one webhook delivery reported, in one transaction.

Guarantees: all or nothing (a failure halfway stores nothing and announces nothing);
idempotent (replaying a delivery any number of times changes nothing after the first);
every change is announced in the event log inside the same transaction.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from multichat.chats.inbound import (
    ChatInfoUpdate,
    ConnectionUpdate,
    ContactUpdate,
    Ignored,
    IncomingMessage,
    MessageDeletion,
    MessageEdit,
    ReactionChange,
    StatusUpdate,
    WebhookItem,
)
from multichat.chats.services.announcements import PendingAnnouncements
from multichat.chats.services.channel_changes import (
    channel_apply_connection,
    chat_apply_info,
    contact_apply_update,
)
from multichat.chats.services.message_changes import (
    message_apply_deletion,
    message_apply_edit,
    message_apply_reaction,
    message_apply_status,
)
from multichat.chats.services.messages_inbound import message_record_incoming
from multichat.tenants.models import Channel

logger = logging.getLogger("multichat.webhooks")


@dataclass
class IngestReport:
    stored: int = 0
    duplicates: int = 0
    applied: int = 0
    ignored: list[str] = field(default_factory=list)
    announced: int = 0


def webhook_ingest(*, channel: Channel, items: Sequence[WebhookItem]) -> IngestReport:
    """Apply `items` for `channel` atomically and announce what changed."""
    report = IngestReport()
    with transaction.atomic():
        pending = PendingAnnouncements()
        for item in items:
            _apply(channel, item, pending, report)
        report.announced = pending.flush()
    for reason in report.ignored:
        logger.info("webhook item ignored channel=%s reason=%s", channel.key, reason)
    return report


def _apply(
    channel: Channel, item: WebhookItem, pending: PendingAnnouncements, report: IngestReport
) -> None:
    if isinstance(item, IncomingMessage):
        if message_record_incoming(channel=channel, item=item, pending=pending):
            report.stored += 1
        else:
            report.duplicates += 1
        return
    report.applied += 1
    if isinstance(item, StatusUpdate):
        message_apply_status(channel=channel, item=item, pending=pending)
    elif isinstance(item, ReactionChange):
        message_apply_reaction(channel=channel, item=item, pending=pending)
    elif isinstance(item, MessageEdit):
        message_apply_edit(channel=channel, item=item, pending=pending)
    elif isinstance(item, MessageDeletion):
        message_apply_deletion(channel=channel, item=item, pending=pending)
    elif isinstance(item, ContactUpdate):
        contact_apply_update(channel=channel, item=item, pending=pending)
    elif isinstance(item, ChatInfoUpdate):
        chat_apply_info(channel=channel, item=item, pending=pending)
    elif isinstance(item, ConnectionUpdate):
        channel_apply_connection(channel=channel, item=item)
    elif isinstance(item, Ignored):
        report.applied -= 1
        report.ignored.append(item.reason)
