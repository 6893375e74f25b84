"""Operations: `/healthz` and `/metrics` on the real server, and the retention command
`manage.py prune_events` (default 7 days; a pruned resume point then gets `reset`)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from multichat.realtime.log import event_append
from multichat.realtime.models import Event, EventLogState
from tests.realtime.follower import Follower, metric_samples
from tests.realtime.test_sse_support import (
    evo_text,
    healthz,
    post,
    server_connections_released,  # noqa: F401  # used by `pytestmark`
    shop_create,
    stream_open,
    wait_for,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")


def test_healthz_reports_database_broker_and_open_streams(asgi_server) -> None:
    kind = "redis" if django_settings.REDIS_URL else "memory"
    shop = shop_create()
    # With Redis the subscription connects just after start; until then it says so.
    wait_for(lambda: healthz(asgi_server)["status"] == "ok", what="healthy")
    with stream_open(asgi_server, shop.agent) as stream:
        position = Follower(stream).first()
        body = healthz(asgi_server)
    assert body == {
        "status": "ok",
        "database": "ok",
        "broker": {"kind": kind, "state": "connected"},
        "delivery": "push",
        "streams_open": 1,
        "last_event_id": position.id,
    }


def _value(url: str, name: str, **labels: str) -> float:
    samples = metric_samples(url).get(name, [])
    return sum(v for found, v in samples if all(found.get(k) == w for k, w in labels.items()))


def test_metrics_expose_stream_delivery_and_webhook_counters(asgi_server) -> None:
    shop = shop_create()
    names = [
        "multichat_realtime_updates_published_total",
        "multichat_realtime_updates_delivered_total",
        "multichat_realtime_delivery_latency_seconds_count",
        "multichat_webhooks_total",
    ]
    before = {name: _value(asgi_server, name) for name in names}
    open_before = _value(asgi_server, "multichat_realtime_streams_open")
    with (
        stream_open(asgi_server, shop.agent) as agent_stream,
        stream_open(asgi_server, shop.admin) as admin_stream,
    ):
        agent, admin = Follower(agent_stream), Follower(admin_stream)
        agent.first(), admin.first()
        assert _value(asgi_server, "multichat_realtime_streams_open") == open_before + 2
        post(asgi_server, evo_text(shop.channel, "METRIC"))
        agent.until_message("METRIC")
        admin.until_message("METRIC")
        after = {name: _value(asgi_server, name) for name in names}
    # One webhook: two log rows fanned out once each, handed to two streams each.
    assert after["multichat_realtime_updates_published_total"] - before[names[0]] == 2
    assert after["multichat_realtime_updates_delivered_total"] - before[names[1]] == 4
    assert after["multichat_realtime_delivery_latency_seconds_count"] - before[names[2]] == 2
    assert after["multichat_webhooks_total"] - before[names[3]] == 1
    assert _value(asgi_server, "multichat_webhooks_total", provider="evolution") >= 1
    wait_for(
        lambda: _value(asgi_server, "multichat_realtime_streams_open") == open_before,
        what="both streams closed",
    )


def _append_events(count: int) -> list[int]:
    with transaction.atomic():
        return [
            event_append(tenant_id=1, channel_id=1, chat_key="c", type="chat_update", data={}).id
            for _ in range(count)
        ]


def test_prune_events_with_zero_hours_deletes_everything_and_records_how_far(db) -> None:
    ids = _append_events(3)
    out = StringIO()
    call_command("prune_events", "--older-than-hours", "0", stdout=out)
    assert out.getvalue().strip() == "pruned 3 events"
    assert not Event.objects.exists()
    assert EventLogState.objects.get(pk=1).pruned_through_id == ids[-1]


def test_prune_events_by_default_keeps_the_last_seven_days(db) -> None:
    old, recent = _append_events(2), _append_events(2)
    Event.objects.filter(id__in=old).update(created_at=timezone.now() - timedelta(days=7, hours=1))
    Event.objects.filter(id=recent[0]).update(created_at=timezone.now() - timedelta(days=6))
    out = StringIO()
    call_command("prune_events", stdout=out)
    assert out.getvalue().strip() == "pruned 2 events"
    assert list(Event.objects.order_by("id").values_list("id", flat=True)) == recent
    assert EventLogState.objects.get(pk=1).pruned_through_id == old[-1]
    call_command("prune_events", stdout=StringIO())  # nothing more to prune: no change
    assert EventLogState.objects.get(pk=1).pruned_through_id == old[-1]


def test_a_resume_point_pruned_by_the_command_gets_a_reset(asgi_server) -> None:
    shop = shop_create()
    post(asgi_server, evo_text(shop.channel, "PRUNED"))
    pruned = Event.objects.order_by("id")[0].id
    call_command("prune_events", "--older-than-hours", "0", stdout=StringIO())
    with stream_open(asgi_server, shop.agent, headers={"Last-Event-ID": str(pruned)}) as stream:
        first = Follower(stream).first()
    assert [u["type"] for u in first.updates] == ["reset"]
