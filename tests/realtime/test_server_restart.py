"""Resume across a server restart: the server holding a stream goes down (stopped, or
killed outright), updates keep coming in through another server, the first comes back
on the same address, and the client reconnects with its last id. Every update made while
it was down is replayed, then live delivery continues: all in order, none twice."""

from __future__ import annotations

import signal

import pytest

from tests.realtime.backend import Backend
from tests.realtime.delivery_checks import open_stream, post_message, update_keys
from tests.realtime.follower import Follower, new_message_ids
from tests.realtime.servers import PUSH_ONLY, Launcher

pytestmark = pytest.mark.slow  # real processes; `-m "not slow"` leaves them out


@pytest.mark.parametrize("stop_signal", [signal.SIGTERM, signal.SIGKILL], ids=["term", "kill"])
def test_updates_made_while_the_server_was_down_are_replayed_after_its_restart(
    backend: Backend, launch: Launcher, stop_signal: signal.Signals
) -> None:
    redis = launch.redis()
    holder, taker = launch.servers(redis, 2, settings=PUSH_ONLY)
    token = backend.token(taker.url)
    baseline = backend.head_id()
    tag = stop_signal.name
    before = [f"{tag}-BEFORE-{n}" for n in range(5)]
    while_down = [f"{tag}-DOWN-{n}" for n in range(10)]
    after = [f"{tag}-AFTER-{n}" for n in range(5)]
    reader = Follower()

    with open_stream(holder.url, token) as stream:
        reader.attach(stream, within=10)
        for provider_id in before:
            post_message(taker.url, provider_id)
        reader.until_count(len(backend.log_updates(baseline)), within=10)
        holder.stop(stop_signal)
        reader.until_closed(within=10)
    received_before_restart = len(reader.updates)

    for provider_id in while_down:
        post_message(taker.url, provider_id)
    holder.start()
    with open_stream(holder.url, token, last_event_id=reader.last_id) as stream:
        reader.attach(stream, within=10)
        reader.until_count(len(backend.log_updates(baseline)), within=10)
        replayed = new_message_ids(reader.updates[received_before_restart:])
        for provider_id in after:
            post_message(taker.url, provider_id)
        reader.until_count(len(backend.log_updates(baseline)), within=10)
        reader.quiet(0.5)

    expected = backend.log_updates(baseline)
    assert new_message_ids(expected) == before + while_down + after
    assert replayed == while_down
    assert update_keys(reader.updates) == update_keys(expected)
    assert new_message_ids(reader.updates) == before + while_down + after
