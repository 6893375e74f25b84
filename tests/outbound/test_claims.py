"""Claims: each queued send is taken by one owner at a time, and a send in doubt waits."""

from __future__ import annotations

import threading
from datetime import timedelta
from typing import Any

from django.db import connections
from django.utils import timezone

from multichat.chats.models import Message, OutboundSend
from multichat.outbound.claims import claim_due, prepare
from tests.chats.world import World
from tests.outbound.fake_providers import FakeProviders
from tests.outbound.helpers import open_chat, post_text


def _queue(shop: World, client: Any, count: int) -> list[int]:
    chat = open_chat(shop.sales)
    return [post_text(client, chat, f"m{i}")["id"] for i in range(count)]


def test_two_owners_claiming_at_once_never_share_a_row(
    shop: World, fake: FakeProviders, api_client_for: Any
) -> None:
    ids = _queue(shop, api_client_for(shop.ana.user), 30)
    claimed: dict[str, list[int]] = {"a": [], "b": []}
    start = threading.Barrier(2)

    def claim(owner: str) -> None:
        start.wait()
        try:
            for _ in range(10):
                claimed[owner] += claim_due(owner=owner, limit=4)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(owner,)) for owner in claimed]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert not set(claimed["a"]) & set(claimed["b"])
    assert sorted(claimed["a"] + claimed["b"]) == sorted(ids)
    for owner, rows in claimed.items():
        assert set(
            OutboundSend.objects.filter(lease_owner=owner).values_list("pk", flat=True)
        ) == set(rows)


def test_a_leased_row_is_not_claimed_again_until_its_lease_expires(
    shop: World, fake: FakeProviders, api_client_for: Any
) -> None:
    [message_id] = _queue(shop, api_client_for(shop.ana.user), 1)
    assert claim_due(owner="a", limit=5) == [message_id]
    assert claim_due(owner="b", limit=5) == []
    OutboundSend.objects.filter(pk=message_id).update(
        lease_until=timezone.now() - timedelta(seconds=1)
    )
    assert claim_due(owner="b", limit=5) == [message_id]


def test_a_send_in_doubt_waits_for_the_grace_then_goes_again(
    shop: World, fake: FakeProviders, api_client_for: Any, settings: Any
) -> None:
    settings.OUTBOUND_IN_DOUBT_GRACE_SECONDS = 60
    [message_id] = _queue(shop, api_client_for(shop.ana.user), 1)
    started = timezone.now() - timedelta(seconds=30)
    OutboundSend.objects.filter(pk=message_id).update(in_flight_since=started, attempts=1)
    assert claim_due(owner="a", limit=1) == [message_id]
    assert prepare(message_id=message_id, owner="a") is None  # 30 s in: still waiting
    row = OutboundSend.objects.get(pk=message_id)
    assert row.next_attempt_at == started + timedelta(seconds=60)
    assert row.lease_owner == ""
    OutboundSend.objects.filter(pk=message_id).update(
        in_flight_since=timezone.now() - timedelta(seconds=61), next_attempt_at=timezone.now()
    )
    assert claim_due(owner="a", limit=1) == [message_id]
    job = prepare(message_id=message_id, owner="a")
    assert job is not None and job.attempt == 2 and job.message is not None


def test_a_send_linked_by_a_webhook_meanwhile_is_finished_not_sent(
    shop: World, fake: FakeProviders, api_client_for: Any
) -> None:
    [message_id] = _queue(shop, api_client_for(shop.ana.user), 1)
    OutboundSend.objects.filter(pk=message_id).update(in_flight_since=timezone.now())
    Message.objects.filter(pk=message_id).update(provider_message_id="3EB0LINKED", status="sent")
    OutboundSend.objects.filter(pk=message_id).update(next_attempt_at=timezone.now())
    assert claim_due(owner="a", limit=1) == [message_id]
    assert prepare(message_id=message_id, owner="a") is None
    assert OutboundSend.objects.get(pk=message_id).finished is True
    assert fake.sends() == []
