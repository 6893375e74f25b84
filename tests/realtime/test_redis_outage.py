"""A Redis restart in the middle loses nothing. The stream is held by one server and
every webhook goes to another, so each update has to cross processes: by Redis push
while it is up, by the fallback poll of the event log while it is down (`/healthz` then
says 503, broker down, delivery polling), and by push again once Redis is back."""

from __future__ import annotations

import time

import pytest

from tests.realtime.backend import Backend
from tests.realtime.delivery_checks import open_stream, post_message, update_keys
from tests.realtime.follower import Follower, new_message_ids
from tests.realtime.servers import PUSH_ONLY, Launcher, Server, healthz, wait_for

FALLBACK_POLL_SECONDS = 0.5
# Push must beat the (120 s) safety poll by far; polling must come within a few intervals.
PUSH_DEADLINE = 5.0
POLLING_DEADLINE = 3.0


pytestmark = pytest.mark.slow  # real processes; `-m "not slow"` leaves them out


def wait_for_health(server: Server, status: int, broker: str, delivery: str) -> None:
    def reached() -> bool | None:
        code, body = healthz(server.url)
        seen = (code, body["broker"]["state"], body["delivery"])
        return True if seen == (status, broker, delivery) else None

    wait_for(reached, f"{server.name} /healthz {status} broker {broker}, {delivery}")


def test_a_redis_restart_loses_nothing_delivery_polls_the_log_then_push_resumes(
    backend: Backend, launch: Launcher
) -> None:
    redis = launch.redis()
    fallback = {"REALTIME_FALLBACK_POLL_SECONDS": str(FALLBACK_POLL_SECONDS)}
    holder, taker = launch.servers(redis, 2, settings={**PUSH_ONLY, **fallback})
    token = backend.token(taker.url)
    baseline = backend.head_id()
    phases = {
        phase: [f"{phase}-{n}" for n in range(5)] for phase in ("PUSH", "POLLING", "PUSH-AGAIN")
    }
    reader = Follower()
    slowest: dict[str, float] = {}

    def deliver_one_by_one(phase: str, deadline: float) -> None:
        for provider_id in phases[phase]:
            started = time.monotonic()
            post_message(taker.url, provider_id)
            reader.until_count(len(backend.log_updates(baseline)), within=deadline)
            took = time.monotonic() - started
            slowest[phase] = max(slowest.get(phase, 0.0), took)

    with open_stream(holder.url, token) as stream:
        reader.attach(stream, within=10)
        deliver_one_by_one("PUSH", PUSH_DEADLINE)

        redis.stop()
        for server in (holder, taker):
            wait_for_health(server, 503, "down", "polling")
        deliver_one_by_one("POLLING", POLLING_DEADLINE)

        redis.start()
        for server in (holder, taker):
            wait_for_health(server, 200, "connected", "push")
        deliver_one_by_one("PUSH-AGAIN", PUSH_DEADLINE)
        reader.quiet(0.5)

    expected = backend.log_updates(baseline)
    everything = phases["PUSH"] + phases["POLLING"] + phases["PUSH-AGAIN"]
    assert new_message_ids(expected) == everything
    assert update_keys(reader.updates) == update_keys(expected)
    assert new_message_ids(reader.updates) == everything
    # Polling every 0.5 s: a few intervals at most, never the 120 s safety poll.
    assert slowest["POLLING"] < POLLING_DEADLINE, slowest
