"""Resume after a disconnect: the updates made meanwhile are replayed from the log, in
order and once each, then the stream goes live — from the `Last-Event-ID` header or
`?last_event_id=` (the header wins); bad ids get a JSON 400. What the client receives is
compared with the event log itself."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from multichat.realtime.models import Event
from tests.realtime.follower import STREAM_PATH, Follower, new_message_ids
from tests.realtime.test_sse_support import (
    auth,
    evo_text,
    log_head,
    post,
    server_connections_released,  # noqa: F401  # used by `pytestmark`
    shop_create,
    stream_open,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")


def _log_after(after_id: int) -> list[dict[str, Any]]:
    return [e.update for e in Event.objects.filter(id__gt=after_id).order_by("id")]


def _keys(updates: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """What identifies an update, leaving out the per-receiver unread count."""
    return [(u["type"], u["timestamp"], str(u["data"].get("id"))) for u in updates]


def _seen_everything(url: str, shop: Any) -> int:
    """Open a stream, see one message arrive, disconnect; returns the last id seen."""
    with stream_open(url, shop.agent) as stream:
        follower = Follower(stream)
        follower.first()
        post(url, evo_text(shop.channel, "SEEN"))
        follower.until_message("SEEN")
    assert follower.last_id is not None
    return follower.last_id


@pytest.mark.parametrize("via", ["header", "query"])
def test_a_reconnect_replays_every_missed_update_in_order_once_then_goes_live(
    asgi_server, via: str
) -> None:
    shop = shop_create()
    last_seen = _seen_everything(asgi_server, shop)
    missed = [f"MISSED-{n}" for n in range(5)]
    for pid in missed:
        post(asgi_server, evo_text(shop.channel, pid))
    expected = _log_after(last_seen)
    assert len(expected) == 10  # a new_message and a chat_update per webhook
    resume = (
        {"headers": {"Last-Event-ID": str(last_seen)}}
        if via == "header"
        else {"params": {"last_event_id": str(last_seen)}}
    )
    with stream_open(asgi_server, shop.agent, **resume) as stream:
        follower = Follower(stream)
        follower.until_count(10)
        assert _keys(follower.updates) == _keys(expected)
        assert new_message_ids(follower.updates) == missed
        assert follower.last_id == log_head()
        post(asgi_server, evo_text(shop.channel, "LIVE"))
        follower.until_message("LIVE")
        follower.quiet(0.2)
    assert new_message_ids(follower.updates) == [*missed, "LIVE"]
    assert _keys(follower.updates) == _keys(_log_after(last_seen))


def test_a_resume_from_the_middle_replays_only_what_came_after_it(asgi_server) -> None:
    shop = shop_create()
    start = log_head()
    for n in range(4):
        post(asgi_server, evo_text(shop.channel, f"MID-{n}"))
    middle = Event.objects.get(type="new_message", update__data__provider_message_id="MID-2").id
    with stream_open(asgi_server, shop.agent, headers={"Last-Event-ID": str(middle)}) as stream:
        follower = Follower(stream)
        follower.until_message("MID-3")
        follower.quiet(0.2)
    assert start < middle
    assert _keys(follower.updates) == _keys(_log_after(middle))
    assert [u["type"] for u in follower.updates] == ["chat_update", "new_message", "chat_update"]


def test_the_last_event_id_header_wins_over_the_query_parameter(asgi_server) -> None:
    shop = shop_create()
    before = log_head()
    post(asgi_server, evo_text(shop.channel, "OLD"))
    after_old = log_head()
    post(asgi_server, evo_text(shop.channel, "NEW"))
    with stream_open(
        asgi_server,
        shop.agent,
        headers={"Last-Event-ID": str(after_old)},
        params={"last_event_id": str(before)},
    ) as stream:
        follower = Follower(stream)
        follower.until_message("NEW")
        follower.quiet(0.2)
    assert new_message_ids(follower.updates) == ["NEW"]


def test_reconnecting_with_the_last_id_of_a_stream_that_saw_everything_repeats_nothing(
    asgi_server,
) -> None:
    shop = shop_create()
    last_seen = _seen_everything(asgi_server, shop)
    assert last_seen == log_head()
    with stream_open(asgi_server, shop.agent, headers={"Last-Event-ID": str(last_seen)}) as stream:
        follower = Follower(stream)
        position = follower.first()
        assert (position.id, position.updates) == (last_seen, [])
        follower.quiet(0.3)
        post(asgi_server, evo_text(shop.channel, "AFTER"))
        follower.until_message("AFTER")
    assert new_message_ids(follower.updates) == ["AFTER"]
    assert len(follower.updates) == 2


def test_an_invalid_resume_id_is_refused_with_a_json_400(asgi_server) -> None:
    """ "²" passes `str.isdigit()` but not `int()`: it must not become a server error."""
    shop = shop_create()
    answers = {}
    for bad in ("abc", "-1", "1.5", "12345678901234567890", "²"):
        for via in ("header", "query"):
            headers = [(name.encode(), value.encode()) for name, value in auth(shop.agent).items()]
            if via == "header":
                headers.append((b"Last-Event-ID", bad.encode("latin-1")))
            response = httpx.get(
                f"{asgi_server}{STREAM_PATH}",
                headers=headers,
                params={"last_event_id": bad} if via == "query" else {},
            )
            answers[via, bad] = (
                response.status_code,
                response.headers["content-type"],
                response.json()["error"] if response.status_code == 400 else response.text,
            )
    refused = (400, "application/json", "invalid_input")
    assert {case: answer for case, answer in answers.items() if answer != refused} == {}
