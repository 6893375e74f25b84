"""Several server processes deliver every update to every stream, whichever process took
the webhook and whichever holds the stream: two servers on two ports, and `make run` with
several workers on one port. Redis carries the wake-ups; the safety poll is set far
beyond the deadlines so that only a broker wake-up can deliver in time."""

from __future__ import annotations

import contextlib
from pathlib import Path

import pytest

from tests.realtime.backend import Backend
from tests.realtime.delivery_checks import open_stream, post_message, update_keys
from tests.realtime.follower import Follower, metric_samples, new_message_ids
from tests.realtime.servers import PUSH_ONLY, Launcher, healthz, wait_for

pytestmark = pytest.mark.slow  # real processes; `-m "not slow"` leaves them out


def test_streams_on_two_servers_get_every_update_whichever_server_took_the_webhook(
    backend: Backend, launch: Launcher
) -> None:
    redis = launch.redis()
    server_a, server_b = launch.servers(redis, 2, settings=PUSH_ONLY)
    token = backend.token(server_a.url)
    baseline = backend.head_id()
    posted = [f"TWO-{n:02d}" for n in range(30)]
    with open_stream(server_a.url, token) as on_a, open_stream(server_b.url, token) as on_b:
        readers = [Follower(), Follower()]
        readers[0].attach(on_a, within=10)
        readers[1].attach(on_b, within=10)
        for n, provider_id in enumerate(posted):
            post_message((server_b, server_a)[n % 2].url, provider_id)
        expected = backend.log_updates(baseline)
        for reader in readers:
            reader.until_count(len(expected), within=10)
            reader.quiet(0.5)
    assert new_message_ids(expected) == posted
    for reader in readers:
        assert update_keys(reader.updates) == update_keys(expected)
        assert new_message_ids(reader.updates) == posted


def test_make_run_with_four_workers_delivers_to_streams_on_every_worker_and_sums_metrics(
    backend: Backend, launch: Launcher
) -> None:
    redis = launch.redis()
    (server,) = launch.servers(redis, workers=4, via_make_run=True, settings=PUSH_ONLY)
    workers = wait_for(
        lambda: server.worker_pids() if len(server.worker_pids()) == 4 else None,
        "four workers to load the app",
    )
    token = backend.token(server.url)
    baseline = backend.head_id()
    posted = [f"WORKERS-{n:02d}" for n in range(12)]
    with contextlib.ExitStack() as streams:
        readers = []
        for pid in workers:  # two streams held by each worker, for certain
            with server.only_worker(pid):
                wait_for(lambda: healthz(server.url)[0] == 200 or None, f"worker {pid} healthy")
                for _ in range(2):
                    readers.append(Follower())
                    readers[-1].attach(
                        streams.enter_context(open_stream(server.url, token)), within=10
                    )
        samples = metric_samples(server.url)
        assert samples["multichat_realtime_streams_open"] == [({}, 8.0)]
        # Summed over workers: each holds two. Per worker (pid label): each listens to Redis.
        broker = samples["multichat_realtime_broker_connected"]
        assert {labels["pid"]: value for labels, value in broker} == {str(p): 1.0 for p in workers}
        for provider_id in posted:
            post_message(server.url, provider_id)
        expected = backend.log_updates(baseline)
        for reader in readers:
            reader.until_count(len(expected), within=10)
        readers[0].quiet(0.5)
    assert new_message_ids(expected) == posted
    for reader in readers:
        assert update_keys(reader.updates) == update_keys(expected)
    delivered = metric_samples(server.url)["multichat_realtime_updates_delivered_total"]
    assert sum(value for _, value in delivered) >= 8 * len(expected)
    metrics_dir = Path(backend.env["MULTICHAT_VAR_DIR"]) / "prometheus"
    assert {p.name for p in metrics_dir.glob("gauge_livesum_*.db")} == {
        f"gauge_livesum_{pid}.db" for pid in workers
    }
