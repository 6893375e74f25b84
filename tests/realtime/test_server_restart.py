"""Resume across a server restart: the server holding a stream goes down (stopped, or
killed outright), updates keep coming in through another server, the first comes back
on the same address, and the client reconnects with its last id. Every update made while
it was down is replayed, then live delivery continues: all in order, none twice."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.realtime.backend import Backend
from tests.realtime.delivery_checks import (
    Reader,
    message_ids,
    open_stream,
    post_message,
    update_keys,
)
from tests.realtime.servers import PUSH_ONLY, Launcher

pytestmark = pytest.mark.slow  # real processes; `-m "not slow"` leaves them out


@pytest.fixture(scope="module")
def backend(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    with Backend(tmp_path_factory.mktemp("rt-restart"), "restart").provisioned() as ready:
        yield ready


@pytest.fixture
def launch(backend: Backend, tmp_path: Path) -> Iterator[Launcher]:
    with Launcher(backend, tmp_path) as launcher:
        yield launcher


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
    reader = Reader()

    with open_stream(holder.url, token) as stream:
        reader.attach(stream)
        for provider_id in before:
            post_message(taker.url, provider_id)
        reader.until(len(backend.log_updates(baseline)))
        holder.stop(stop_signal)
        reader.until_closed()
    received_before_restart = len(reader.updates)

    for provider_id in while_down:
        post_message(taker.url, provider_id)
    holder.start()
    with open_stream(holder.url, token, last_event_id=reader.last_id) as stream:
        reader.attach(stream)
        reader.until(len(backend.log_updates(baseline)))
        replayed = message_ids(reader.updates[received_before_restart:])
        for provider_id in after:
            post_message(taker.url, provider_id)
        reader.until(len(backend.log_updates(baseline)))
        reader.quiet()

    expected = backend.log_updates(baseline)
    assert message_ids(expected) == before + while_down + after
    assert replayed == while_down
    assert update_keys(reader.updates) == update_keys(expected)
    assert message_ids(reader.updates) == before + while_down + after
