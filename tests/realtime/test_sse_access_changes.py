"""Access changes while a stream is open: the hub re-checks every stream each
`REALTIME_ACCESS_REFRESH_SECONDS` (set small here). An agent who loses a channel stops
receiving it but keeps the others; one who gains a channel starts receiving it; one whose
membership is deleted is cut off.

"Has the re-check happened yet?" is polled with a fence (a webhook to the lost channel,
then one to a kept channel, until the kept one arrives alone), never a fixed sleep."""

from __future__ import annotations

import itertools
import time

import pytest

from multichat.tenants.models import Channel
from tests.realtime.follower import Follower, new_message_ids
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


def _fence(url: str, follower: Follower, probe: Channel, kept: Channel, label: str) -> bool:
    """Post to `probe`, then to `kept`; True when `probe`'s message reached the stream."""
    post(url, evo_text(probe, f"{label}-PROBE"))
    post(url, evo_text(kept, f"{label}-KEPT"))
    follower.until_message(f"{label}-KEPT")
    return f"{label}-PROBE" in new_message_ids(follower.updates)


def _until_probe_is(
    url: str, follower: Follower, probe: Channel, kept: Channel, *, delivered: bool
) -> None:
    deadline = time.monotonic() + 5
    for n in itertools.count():
        if _fence(url, follower, probe, kept, f"F{n}") is delivered:
            return
        assert time.monotonic() < deadline, "access was not re-checked within 5 s"


def test_an_agent_who_loses_a_channel_stops_receiving_it_but_keeps_the_others(
    asgi_server, settings
) -> None:
    settings.REALTIME_ACCESS_REFRESH_SECONDS = 0.2
    shop = shop_create(channels=2)
    kept, lost = shop.channels
    shop.agent.channels.set([kept, lost])
    with stream_open(asgi_server, shop.agent) as stream:
        follower = Follower(stream)
        follower.first()
        assert _fence(asgi_server, follower, lost, kept, "BEFORE")
        shop.agent.channels.remove(lost)
        _until_probe_is(asgi_server, follower, lost, kept, delivered=False)
        # From now on, every time: the lost channel never again, the kept one always.
        for label in ("AFTER-1", "AFTER-2"):
            assert not _fence(asgi_server, follower, lost, kept, label)
        follower.quiet(0.3)


def test_an_agent_given_a_channel_while_connected_starts_receiving_it(
    asgi_server, settings
) -> None:
    settings.REALTIME_ACCESS_REFRESH_SECONDS = 0.2
    shop = shop_create(channels=2)
    kept, added = shop.channels
    with stream_open(asgi_server, shop.agent) as stream:
        follower = Follower(stream)
        follower.first()
        assert not _fence(asgi_server, follower, added, kept, "BEFORE")
        shop.agent.channels.add(added)
        _until_probe_is(asgi_server, follower, added, kept, delivered=True)
        assert _fence(asgi_server, follower, added, kept, "AFTER")


def test_deleting_an_agents_membership_closes_its_open_stream(asgi_server, settings) -> None:
    settings.REALTIME_ACCESS_REFRESH_SECONDS = 0.2
    shop = shop_create()
    with (
        stream_open(asgi_server, shop.agent) as agent_stream,
        stream_open(asgi_server, shop.admin) as admin_stream,
    ):
        agent, admin = Follower(agent_stream), Follower(admin_stream)
        agent.first(), admin.first()
        assert healthz(asgi_server)["streams_open"] == 2
        shop.agent.delete()
        agent.until_closed(within=3)
        wait_for(lambda: healthz(asgi_server)["streams_open"] == 1, what="one stream left")
        post(asgi_server, evo_text(shop.channel, "AFTER"))
        admin.until_message("AFTER")  # the admin's stream is untouched
    assert agent.updates == []
