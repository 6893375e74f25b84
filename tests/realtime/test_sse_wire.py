"""The SSE wire format, byte for byte as the real server writes it (docs/realtime-events.md):
`retry:` first, then `id:`/`data:` events whose data is `{"timestamp", "updates"}`, ids
that only grow, `: ping` comments while idle, and headers that keep proxies from
buffering, caching or compressing the stream."""

from __future__ import annotations

import json
import re
from datetime import datetime

import pytest

from multichat.realtime.models import Event
from tests.realtime.follower import Follower
from tests.realtime.test_sse_support import (
    MARIA,
    evo_text,
    log_head,
    post,
    server_connections_released,  # noqa: F401  # used by `pytestmark`
    shop_create,
    stream_open,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")

ISO_Z = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


def _data_line(line: str) -> dict[str, object]:
    assert line.startswith("data: "), line
    data: dict[str, object] = json.loads(line.removeprefix("data: "))
    return data


def test_a_stream_starts_with_retry_then_a_position_event_at_the_log_head(asgi_server) -> None:
    shop = shop_create()
    post(asgi_server, evo_text(shop.channel, "WIRE-BEFORE"))  # the log is not empty
    with stream_open(asgi_server, shop.admin) as stream:
        follower = Follower(stream)
        position = follower.first()
    head = log_head()
    assert head > 0
    assert stream.raw_lines[:5] == ["retry: 3000", "", f"id: {head}", stream.raw_lines[3], ""]
    data = _data_line(stream.raw_lines[3])
    assert set(data) == {"timestamp", "updates"}
    assert data["updates"] == []
    assert isinstance(data["timestamp"], str) and ISO_Z.match(data["timestamp"])
    assert position.id == head


def test_an_update_event_is_one_id_line_and_one_data_line_with_the_documented_keys(
    asgi_server,
) -> None:
    shop = shop_create()
    with stream_open(asgi_server, shop.admin) as stream:
        follower = Follower(stream)
        follower.first()
        post(asgi_server, evo_text(shop.channel, "WIRE-1", text="primeira"))
        post(asgi_server, evo_text(shop.channel, "WIRE-2", text="segunda"))
        follower.until_message("WIRE-2")
    # Every event on the wire: exactly `id: <n>` then `data: <one line of JSON>`.
    events = [e for e in follower.events if e.updates]
    for event in events:
        assert event.raw_lines == [f"id: {event.id}", event.raw_lines[1]]
        assert event.raw_lines[1].startswith("data: {")
    ids = [e.id for e in follower.events if e.id is not None]
    assert ids == sorted(set(ids)), "ids strictly increase"
    logged = list(Event.objects.filter(id__gt=follower.events[0].id).order_by("id"))
    # The event id is the log id of the last update it carries; nothing skipped or added.
    assert events[-1].id == logged[-1].id
    assert [u["type"] for u in follower.updates] == [e.type for e in logged]
    assert [u["type"] for u in follower.updates] == [
        "new_message",
        "chat_update",
        "new_message",
        "chat_update",
    ]
    for update in follower.updates:
        assert set(update) == {"type", "chat_id", "timestamp", "data"}
        assert update["chat_id"] == MARIA
        assert ISO_Z.match(update["timestamp"])
    first, chat = follower.updates[0]["data"], follower.updates[1]["data"]
    assert (first["provider_message_id"], first["content"]) == ("WIRE-1", "primeira")
    assert chat["chat_id"] == MARIA
    assert chat["unread_count"] == 1
    assert datetime.fromisoformat(follower.events[-1].data["timestamp"])  # type: ignore[index]


def test_an_idle_stream_sends_ping_comments(asgi_server, settings) -> None:
    settings.REALTIME_PING_SECONDS = 0.3
    shop = shop_create()
    with stream_open(asgi_server, shop.agent) as stream:
        Follower(stream).first()
        pings = [stream.next(timeout=3, skip_comments=False) for _ in range(2)]
    assert [p.comment for p in pings] == ["ping", "ping"]
    assert [p.raw_lines for p in pings] == [[": ping"], [": ping"]]
    assert stream.raw_lines.count(": ping") >= 2


def test_stream_headers_forbid_caching_buffering_and_compression(asgi_server) -> None:
    shop = shop_create()
    headers = {"Accept-Encoding": "gzip, deflate, br"}
    with stream_open(asgi_server, shop.admin, headers=headers) as stream:
        Follower(stream).first()
    assert stream.status_code == 200
    assert stream.response_headers["content-type"].startswith("text/event-stream")
    assert stream.response_headers["cache-control"] == "no-cache"
    assert stream.response_headers["x-accel-buffering"] == "no"
    assert "content-encoding" not in stream.response_headers
    assert "content-length" not in stream.response_headers
    assert stream.raw_lines[0] == "retry: 3000"  # readable as is: not compressed


def test_a_method_other_than_get_is_refused_with_json(asgi_server) -> None:
    import httpx

    response = httpx.post(f"{asgi_server}/api/chats/realtime-updates/")
    assert response.status_code == 405
    assert response.json()["error"] == "method_not_allowed"
