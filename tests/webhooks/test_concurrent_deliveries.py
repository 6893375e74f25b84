"""Providers redeliver at least once, sometimes in parallel (Evolution's global and
per-instance webhooks, Meta retries racing a slow answer, several server processes).
Concurrent copies of one delivery must store one row and announce it once, and
concurrent first messages of a chat must share one chat — on SQLite and PostgreSQL.

The threads call the ingestion service directly, each on its own database connection,
so the transactions really overlap (Django runs sync views of one process on one
thread, which would serialize them)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
from django.db import connection

from multichat.chats.inbound import ChatRef, ContactInfo, IncomingMessage
from multichat.chats.models import Chat, Message
from multichat.chats.services.ingest import webhook_ingest
from multichat.realtime.models import Event
from multichat.tenants.models import Channel
from tests.factories import EvolutionChannelFactory

pytestmark = pytest.mark.django_db(transaction=True)
JID = "5511987654321@s.whatsapp.net"


def message(pid: str) -> IncomingMessage:
    return IncomingMessage(
        provider_message_id=pid,
        chat=ChatRef(chat_id=JID),
        from_me=False,
        origin="customer",
        type="text",
        timestamp=datetime(2025, 7, 1, 12, 0, tzinfo=UTC),
        content="Olá",
        sender=JID,
        contact=ContactInfo(jid=JID, name="Maria"),
    )


def run_together(count: int, work: Callable[[int], object]) -> None:
    """Start `count` workers at the same instant; each closes its own connection."""
    barrier = threading.Barrier(count)

    def worker(i: int) -> None:
        try:
            barrier.wait()
            work(i)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=count) as pool:
        list(pool.map(worker, range(count)))


def test_parallel_copies_of_one_delivery_store_and_announce_once() -> None:
    channel_id = EvolutionChannelFactory().pk
    run_together(
        8,
        lambda _: webhook_ingest(
            channel=Channel.objects.get(pk=channel_id), items=[message("SAME")]
        ),
    )
    assert Message.objects.count() == 1
    assert Chat.objects.get().message_count == 1
    assert Event.objects.filter(type="new_message").count() == 1


def test_parallel_first_messages_of_one_chat_share_one_chat() -> None:
    channel_id = EvolutionChannelFactory().pk
    run_together(
        8,
        lambda i: webhook_ingest(
            channel=Channel.objects.get(pk=channel_id), items=[message(f"M{i}")]
        ),
    )
    chat = Chat.objects.get()
    assert (chat.message_count, chat.inbound_count) == (8, 8)
    assert Message.objects.count() == 8
    assert Event.objects.filter(type="new_message").count() == 8
