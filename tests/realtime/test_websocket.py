"""`GET /ws/realtime/` with a real WebSocket client against the real server: the same
stream as SSE — frame format, push, resume, `?chat_id=`, who receives what, the three
ways to authenticate — with refusals as close codes (4400, 4401, 4403) and every closed
socket freeing its subscription. Waiting is a poll with a deadline, never a bare sleep."""

from __future__ import annotations

import json
import queue
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlencode

import httpx
import pytest
from django.test import Client
from websockets.exceptions import ConnectionClosed, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from multichat.realtime import tickets
from multichat.realtime.models import Event
from tests.factories import UserFactory, token_for
from tests.realtime.follower import Follower, new_message_ids
from tests.realtime.sse_client import SSEEvent
from tests.realtime.test_sse_support import (
    JOAO,
    MARIA,
    Shop,
    auth,
    evo_text,
    healthz,
    log_head,
    post,
    server_connections_released,  # noqa: F401  # used by `pytestmark`
    shop_create,
    wait_for,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")

WS_PATH = "/ws/realtime/"
ISO_UTC = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$")


@contextmanager
def ws_open(
    url: str,
    agent: Any = None,
    *,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    path: str = WS_PATH,
) -> Iterator[ClientConnection]:
    query = f"?{urlencode(params)}" if params else ""
    all_headers = {**(auth(agent) if agent is not None else {}), **(headers or {})}
    ws_url = url.replace("http://", "ws://", 1) + path + query
    with connect(ws_url, additional_headers=all_headers, proxy=None, close_timeout=2) as ws:
        yield ws


def closed_with(ws: ClientConnection, within: float = 5.0) -> int | None:
    """Read until the server closes the socket; its close code (no frame may come first)."""
    try:
        frame = ws.recv(timeout=within)
    except ConnectionClosed as closed:
        return closed.rcvd.code if closed.rcvd is not None else None
    raise AssertionError(f"a frame instead of a close: {frame!r}")


class FrameSource:
    """A socket read like an SSE stream, so a `Follower` follows it: each JSON frame
    (exactly `id`, `timestamp`, `updates`) is one event, its `data` the whole frame."""

    status_code: int | None = 200
    body = b""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws

    def next(self, timeout: float) -> SSEEvent:
        try:
            text = self.ws.recv(timeout=timeout)
        except TimeoutError:
            raise queue.Empty from None
        except ConnectionClosed as closed:
            raise EOFError(f"socket closed: {closed}") from None
        frame = json.loads(text)
        assert set(frame) == {"id", "timestamp", "updates"}, frame
        return SSEEvent(id=int(frame["id"]), data=frame)


def frames_of(ws: ClientConnection) -> Follower:
    return Follower(FrameSource(ws))


def must_data(event: SSEEvent) -> dict[str, Any]:
    assert event.data is not None
    return event.data


def _streams_open(url: str) -> int:
    return int(healthz(url)["streams_open"])


def test_the_first_frame_is_the_current_position_as_id_timestamp_and_no_updates(
    asgi_server,
) -> None:
    shop = shop_create()
    post(asgi_server, evo_text(shop.channel, "BEFORE"))
    with ws_open(asgi_server, shop.agent) as ws:
        text = ws.recv(timeout=5)
    frame = json.loads(text)
    assert list(frame) == ["id", "timestamp", "updates"]
    assert frame["id"] == log_head() > 0
    assert ISO_UTC.match(frame["timestamp"]), frame["timestamp"]
    assert frame["updates"] == []


def test_a_webhook_reaches_an_open_socket_as_one_frame_within_a_second(asgi_server) -> None:
    shop = shop_create()
    with ws_open(asgi_server, shop.agent) as ws:
        frames = frames_of(ws)
        frames.first()
        started = time.monotonic()
        post(asgi_server, evo_text(shop.channel, "PUSH-1", text="chegou?"))
        updates = frames.until_message("PUSH-1", within=1.0)
        elapsed = time.monotonic() - started
    assert elapsed < 1.0
    assert [u["type"] for u in updates] == ["new_message", "chat_update"]
    assert updates[0]["data"]["content"] == "chegou?"
    assert updates[0]["chat_id"] == MARIA
    assert updates[1]["data"]["unread_count"] == 1
    assert frames.last_id == log_head()
    assert ISO_UTC.match(must_data(frames.events[-1])["timestamp"])


def _keys(updates: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    return [(u["type"], u["timestamp"], str(u["data"].get("id"))) for u in updates]


def test_a_reconnect_with_last_event_id_replays_the_missed_updates_in_order_once(
    asgi_server,
) -> None:
    shop = shop_create()
    with ws_open(asgi_server, shop.agent) as ws:
        seen = frames_of(ws)
        seen.first()
        post(asgi_server, evo_text(shop.channel, "SEEN"))
        seen.until_message("SEEN")
    missed = [f"MISSED-{n}" for n in range(4)]
    for pid in missed:
        post(asgi_server, evo_text(shop.channel, pid))
    expected = [e.update for e in Event.objects.filter(id__gt=seen.last_id).order_by("id")]
    assert len(expected) == 8
    with ws_open(asgi_server, shop.agent, params={"last_event_id": str(seen.last_id)}) as ws:
        frames = frames_of(ws)
        frames.until(lambda updates: len(updates) >= 8)
        assert _keys(frames.updates) == _keys(expected)
        post(asgi_server, evo_text(shop.channel, "LIVE"))
        frames.until_message("LIVE")
        frames.quiet(0.2)
    assert new_message_ids(frames.updates) == [*missed, "LIVE"]


def test_resuming_from_the_newest_id_repeats_nothing(asgi_server) -> None:
    shop = shop_create()
    post(asgi_server, evo_text(shop.channel, "OLD"))
    head = log_head()
    with ws_open(asgi_server, shop.agent, params={"last_event_id": str(head)}) as ws:
        frames = frames_of(ws)
        first = must_data(frames.first())
        assert first == {"id": head, "timestamp": first["timestamp"], "updates": []}
        frames.quiet(0.3)


def test_a_resume_point_unknown_to_the_server_gets_a_reset(asgi_server) -> None:
    shop = shop_create()
    ahead = str(log_head() + 1000)
    with ws_open(asgi_server, shop.agent, params={"last_event_id": ahead}) as ws:
        frame = frames_of(ws).first()
    assert [u["type"] for u in frame.updates] == ["reset"]


@pytest.mark.parametrize("value", ["abc", "-1", "1.5", "9" * 19])
def test_a_malformed_last_event_id_closes_with_4400(asgi_server, value: str) -> None:
    shop = shop_create()
    with ws_open(asgi_server, shop.agent, params={"last_event_id": value}) as ws:
        assert closed_with(ws) == 4400
    wait_for(lambda: _streams_open(asgi_server) == 0, what="no stream open")


def test_idle_keepalives_are_not_sent_as_frames(asgi_server, settings) -> None:
    settings.REALTIME_PING_SECONDS = 0.05  # the stream would ping many times below
    shop = shop_create()
    with ws_open(asgi_server, shop.agent) as ws:
        frames = frames_of(ws)
        frames.first()
        frames.quiet(0.5)
        post(asgi_server, evo_text(shop.channel, "AFTER-IDLE"))
        frames.until_message("AFTER-IDLE")
    assert len(frames.events) == 2


def test_a_client_that_falls_behind_is_closed_with_1013_and_resumes_losing_nothing(
    asgi_server, settings
) -> None:
    settings.REALTIME_STREAM_QUEUE_LIMIT = 1  # a webhook's two updates overflow it at once
    shop = shop_create()
    with ws_open(asgi_server, shop.agent) as ws:
        position = frames_of(ws).first().id
        post(asgi_server, evo_text(shop.channel, "OVERFLOW"))
        assert closed_with(ws) == 1013
    with ws_open(asgi_server, shop.agent, params={"last_event_id": str(position)}) as ws:
        frames = frames_of(ws)
        frames.until_message("OVERFLOW")
        frames.quiet(0.2)
    assert [u["type"] for u in frames.updates] == ["new_message", "chat_update"]


def test_chat_id_narrows_the_socket_to_that_chat(asgi_server) -> None:
    shop = shop_create()
    with ws_open(asgi_server, shop.agent, params={"chat_id": JOAO}) as ws:
        frames = frames_of(ws)
        frames.first()
        for pid, jid in (("MARIA-1", MARIA), ("JOAO-1", JOAO), ("MARIA-2", MARIA)):
            post(asgi_server, evo_text(shop.channel, pid, jid=jid))
        post(asgi_server, evo_text(shop.channel, "JOAO-2", jid=JOAO))
        frames.until_message("JOAO-2")
        frames.quiet(0.2)
    assert new_message_ids(frames.updates) == ["JOAO-1", "JOAO-2"]
    assert {u["chat_id"] for u in frames.updates} == {JOAO}


def test_a_tenant_never_receives_another_tenants_updates(asgi_server) -> None:
    ours, theirs = shop_create(), shop_create()
    with ws_open(asgi_server, ours.admin) as our_ws, ws_open(asgi_server, theirs.admin) as their_ws:
        us, them = frames_of(our_ws), frames_of(their_ws)
        us.first(), them.first()
        post(asgi_server, evo_text(theirs.channel, "THEIRS"))
        post(asgi_server, evo_text(ours.channel, "OURS"))
        us.until_message("OURS")  # delivered in log order: THEIRS would have come first
        them.until_message("THEIRS")
        them.quiet(0.2)
    assert new_message_ids(us.updates) == ["OURS"]
    assert new_message_ids(them.updates) == ["THEIRS"]


def _receives_live(url: str, shop: Shop, pid: str, **open_kwargs: Any) -> list[str]:
    with ws_open(url, **open_kwargs) as ws:
        frames = frames_of(ws)
        frames.first()
        post(url, evo_text(shop.channel, pid))
        frames.until_message(pid)
    return new_message_ids(frames.updates)


def test_a_ticket_in_the_query_opens_a_socket_and_a_bad_one_closes_with_4401(asgi_server) -> None:
    shop = shop_create()
    response = httpx.post(f"{asgi_server}/api/realtime/ticket/", headers=auth(shop.agent))
    ticket = response.json()["ticket"]
    assert _receives_live(asgi_server, shop, "BY-TICKET", params={"ticket": ticket}) == [
        "BY-TICKET"
    ]
    user_id = str(shop.agent.user.pk)
    for bad in ("garbage", ticket[:-1], str(shop.admin.user.pk) + ticket[len(user_id) :]):
        with ws_open(asgi_server, params={"ticket": bad}) as ws:
            assert closed_with(ws) == 4401, bad


def test_the_session_cookie_opens_a_socket_from_the_same_origin_only(asgi_server, settings) -> None:
    shop = shop_create()
    browser = Client()
    browser.force_login(shop.agent.user)
    name = settings.SESSION_COOKIE_NAME
    cookie = {"Cookie": f"{name}={browser.cookies[name].value}"}
    ours = {**cookie, "Origin": asgi_server}
    assert _receives_live(asgi_server, shop, "BY-SESSION", headers=ours) == ["BY-SESSION"]
    with ws_open(asgi_server, headers={**cookie, "Origin": "https://evil.example"}) as ws:
        assert closed_with(ws) == 4403  # another site must not read the stream with our cookie
    browser.logout()
    with ws_open(asgi_server, headers=ours) as ws:
        assert closed_with(ws) == 4401


def test_a_bearer_token_is_accepted_from_any_origin_since_browsers_never_send_it_unasked(
    asgi_server,
) -> None:
    shop = shop_create()
    headers = {"Origin": "https://elsewhere.example"}
    received = _receives_live(asgi_server, shop, "BEARER", agent=shop.agent, headers=headers)
    assert received == ["BEARER"]


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Bearer not-a-real-token"}, {"Authorization": "Basic dXNlcjpwYXNz"}],
    ids=["nothing", "unknown-token", "basic"],
)
def test_a_caller_without_a_valid_identity_is_closed_with_4401(
    asgi_server, headers: dict[str, str]
) -> None:
    shop_create()
    with ws_open(asgi_server, headers=headers) as ws:
        assert closed_with(ws) == 4401
    assert ws.close_reason == "authentication required"


def test_a_user_without_membership_is_closed_with_4403(asgi_server) -> None:
    outsider = UserFactory()
    with ws_open(asgi_server, headers={"Authorization": f"Bearer {token_for(outsider)}"}) as ws:
        assert closed_with(ws) == 4403
    with ws_open(asgi_server, params={"ticket": tickets.ticket_issue(outsider.pk)}) as ws:
        assert closed_with(ws) == 4403


def test_losing_the_membership_while_connected_closes_the_socket_with_4403(
    asgi_server, settings
) -> None:
    settings.REALTIME_ACCESS_REFRESH_SECONDS = 0.2
    shop = shop_create()
    with ws_open(asgi_server, shop.agent) as ws:
        frames_of(ws).first()
        shop.agent.delete()
        assert closed_with(ws) == 4403
    wait_for(lambda: _streams_open(asgi_server) == 0, what="the subscription released")


def test_closing_a_socket_frees_its_subscription(asgi_server) -> None:
    shop = shop_create()
    with ws_open(asgi_server, shop.agent) as first:
        frames_of(first).first()
        with ws_open(asgi_server, shop.admin) as second:
            frames_of(second).first()
            assert _streams_open(asgi_server) == 2
        wait_for(lambda: _streams_open(asgi_server) == 1, what="one stream left")
        first.send("anything a client says is ignored")
        post(asgi_server, evo_text(shop.channel, "STILL-OPEN"))
        assert new_message_ids(frames_of(first).until_message("STILL-OPEN")) == ["STILL-OPEN"]
    wait_for(lambda: _streams_open(asgi_server) == 0, what="no stream left")


def test_another_websocket_path_is_refused_at_the_handshake(asgi_server) -> None:
    shop = shop_create()
    with (
        pytest.raises(InvalidStatus) as refused,
        ws_open(asgi_server, shop.agent, path="/ws/other/"),
    ):
        pass
    assert refused.value.response.status_code == 403
