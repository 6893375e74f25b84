"""`reset`: a resume point the log can no longer serve completely — older than the
retention (pruned), or beyond the log's head (another database, a restored backup) —
gets one `reset` update instead of a silent gap; live updates continue after it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from multichat.realtime.models import Event, EventLogState
from multichat.realtime.retention import events_prune
from tests.realtime.follower import Follower, new_message_ids
from tests.realtime.test_sse_support import (
    Shop,
    evo_text,
    log_head,
    post,
    server_connections_released,  # noqa: F401  # used by `pytestmark`
    shop_create,
    stream_open,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")


def _assert_single_reset(follower: Follower) -> int:
    first = follower.first()
    assert len(first.updates) == 1, first.updates
    reset = first.updates[0]
    assert (reset["type"], reset["chat_id"], reset["data"]) == ("reset", "", {})
    assert first.id is not None
    return first.id


def _old_then_recent(url: str) -> tuple[Shop, int, int]:
    """Three webhooks backdated past the retention, one recent; prune with the default
    retention (7 days). Returns the shop, the first old id and the pruned-through id."""
    shop = shop_create()
    start = log_head()
    for n in range(3):
        post(url, evo_text(shop.channel, f"OLD-{n}"))
    old = Event.objects.filter(id__gt=start)
    first_old, last_old = old.order_by("id")[0].id, log_head()
    old.update(created_at=timezone.now() - timedelta(days=8))
    post(url, evo_text(shop.channel, "RECENT"))
    assert events_prune() == 6  # the three old webhooks' updates; RECENT is kept
    assert EventLogState.objects.get(pk=1).pruned_through_id == last_old
    assert Event.objects.filter(id__gt=last_old).count() == 2
    return shop, first_old, last_old


def test_a_resume_point_older_than_the_retention_gets_one_reset_then_live_updates(
    asgi_server,
) -> None:
    shop, first_old, _ = _old_then_recent(asgi_server)
    head = log_head()
    headers = {"Last-Event-ID": str(first_old)}
    with stream_open(asgi_server, shop.agent, headers=headers) as stream:
        follower = Follower(stream)
        reset_id = _assert_single_reset(follower)
        assert reset_id == head
        post(asgi_server, evo_text(shop.channel, "LIVE"))
        follower.until_message("LIVE")
        follower.quiet(0.2)
    # After the reset only live updates: RECENT is not replayed (the client refetches).
    assert [u["type"] for u in follower.updates] == ["reset", "new_message", "chat_update"]
    assert all(event.id is not None and event.id > reset_id for event in follower.events[1:])


def test_a_resume_exactly_at_the_pruned_boundary_replays_the_rest_without_reset(
    asgi_server,
) -> None:
    shop, _, pruned_through = _old_then_recent(asgi_server)
    headers = {"Last-Event-ID": str(pruned_through)}
    with stream_open(asgi_server, shop.agent, headers=headers) as stream:
        follower = Follower(stream)
        follower.until_message("RECENT")
        follower.quiet(0.2)
    assert [u["type"] for u in follower.updates] == ["new_message", "chat_update"]


def test_a_resume_id_beyond_the_log_head_gets_a_reset(asgi_server) -> None:
    shop = shop_create()
    post(asgi_server, evo_text(shop.channel, "KNOWN"))
    head = log_head()
    headers = {"Last-Event-ID": str(head + 1000)}
    with stream_open(asgi_server, shop.agent, headers=headers) as stream:
        follower = Follower(stream)
        assert _assert_single_reset(follower) == head
        post(asgi_server, evo_text(shop.channel, "NEXT"))
        follower.until_message("NEXT")
    assert new_message_ids(follower.updates) == ["NEXT"]
