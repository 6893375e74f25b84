"""The event log's two promises: ids become visible in increasing order (a reader moving
forward by `id > last_seen` never skips a row that commits late), and a rolled-back
change (or savepoint) announces nothing, neither in the log nor on an open stream."""

from __future__ import annotations

import random
import threading
import time
from typing import Any

import pytest
from django.db import connection, transaction

from multichat.realtime import log_reader
from multichat.realtime.log import event_append
from multichat.realtime.models import Event
from tests.realtime.follower import Follower
from tests.realtime.test_sse_support import (
    MARIA,
    server_connections_released,  # noqa: F401  # used by `pytestmark`
    shop_create,
    stream_open,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")

# SQLite serializes writers with a polling busy handler (sleeps of up to 100 ms between
# tries, no fairness): writers that retry back to back can starve one of them past the
# busy timeout, so on SQLite each writer pauses between its transactions, as webhooks do.
ON_POSTGRESQL = connection.vendor == "postgresql"
WRITERS = 16
TRANSACTIONS, APPENDS = 25, 2


def _write(seed: int, committed: list[int], lock: threading.Lock, start: threading.Barrier) -> None:
    rng = random.Random(seed)  # noqa: S311  # jitter, not cryptography
    start.wait()
    try:
        for n in range(TRANSACTIONS):
            with transaction.atomic():
                ids = []
                for k in range(APPENDS):
                    event = event_append(
                        tenant_id=1,
                        channel_id=seed,
                        chat_key=f"chat-{seed}",
                        type="new_message",
                        data={"writer": seed, "n": n, "k": k},
                    )
                    ids.append(event.id)
                    time.sleep(rng.uniform(0, 0.002))  # commit late, after others took ids
            with lock:
                committed.extend(ids)
            if not ON_POSTGRESQL:
                # Webhooks do not arrive back to back: leave the lock free now and then,
                # or SQLite's polling busy handler can starve one writer past its timeout.
                time.sleep(rng.uniform(0.001, 0.004))
    finally:
        connection.close()


def _read(seen: list[int], done: threading.Event) -> None:
    """Read like the hub does: everything after the last id seen, oldest first."""
    last = 0
    try:
        while True:
            finished = done.is_set()  # read once more after the last writer committed
            rows = log_reader.read_after(last, 1000)
            seen.extend(row["id"] for row in rows)
            if rows:
                last = rows[-1]["id"]
            elif finished:
                return
            else:
                time.sleep(0.0005)  # the hub waits for a wake-up; a spinning reader
                # would only take the GIL from the writers it is watching
    finally:
        connection.close()


def test_a_reader_following_the_log_sees_every_committed_id_once_under_concurrent_writers(
    transactional_db: None,
) -> None:
    """16 writer threads x 25 transactions, each appending two events and sleeping a
    little before commit, while a reader follows `id > last_seen` as the hub does.

    Why this fails without the PostgreSQL advisory lock in `event_append`: a sequence
    hands out ids at insert time, not commit time. Writer A takes id 10 and sleeps;
    writer B takes id 11 and commits; the reader sees 11 and moves `last_seen` to 11;
    A commits 10, which no later `id > 11` read returns — an update lost for every
    stream. With the lock, ids are allocated and committed one writer at a time, so a
    visible id is never followed by a lower one. (Checked once by hand: patching the
    lock out made this test miss dozens of ids on PostgreSQL.) SQLite serializes
    writers itself (`transaction_mode=IMMEDIATE`), so the same test holds there.
    """
    committed: list[int] = []
    seen: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(WRITERS)
    done = threading.Event()
    writers = [
        threading.Thread(target=_write, args=(seed, committed, lock, start))
        for seed in range(WRITERS)
    ]
    reader = threading.Thread(target=_read, args=(seen, done))
    reader.start()
    for writer in writers:
        writer.start()
    for writer in writers:
        writer.join(timeout=60)
    done.set()
    reader.join(timeout=30)
    assert not reader.is_alive() and not any(w.is_alive() for w in writers)
    assert len(committed) == WRITERS * TRANSACTIONS * APPENDS
    missing = sorted(set(committed) - set(seen))
    assert missing == [], f"the reader skipped {len(missing)} committed ids: {missing[:20]}"
    assert seen == sorted(committed), "each id seen once, in increasing order"


def _append(**data: Any) -> Event:
    return event_append(
        tenant_id=1, channel_id=1, chat_key="chat", type="chat_update", data=dict(data)
    )


def test_a_rolled_back_transaction_leaves_no_event(transactional_db: None) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        _append(rolled="back")
        raise RuntimeError("the change failed")
    with transaction.atomic():
        _append(committed=True)
        with pytest.raises(RuntimeError), transaction.atomic():  # a savepoint
            _append(savepoint="rolled back")
            raise RuntimeError("the inner change failed")
    assert [e.update["data"] for e in Event.objects.order_by("id")] == [{"committed": True}]


def test_event_append_refuses_to_run_outside_a_transaction_or_with_an_unknown_type(
    transactional_db: None,
) -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        _append(outside=True)
    with pytest.raises(ValueError, match="unknown update type"), transaction.atomic():
        event_append(tenant_id=1, channel_id=1, chat_key="", type="typing", data={})
    assert not Event.objects.exists()


def test_a_rolled_back_append_never_reaches_an_open_stream(asgi_server, settings) -> None:
    """The committed append that follows proves the stream alive and the wake-up sent on
    commit (the safety poll is made too slow to stand in for it)."""
    settings.REALTIME_SAFETY_POLL_SECONDS = 60
    shop = shop_create()

    def append(data: dict[str, Any]) -> None:
        event_append(
            tenant_id=shop.tenant.pk,
            channel_id=shop.channel.pk,
            chat_key=MARIA,
            type="chat_update",
            data=data,
        )

    with stream_open(asgi_server, shop.agent) as stream:
        follower = Follower(stream)
        follower.first()
        with pytest.raises(RuntimeError), transaction.atomic():
            append({"rolled": "back"})
            raise RuntimeError("the change failed")
        with transaction.atomic():
            with pytest.raises(RuntimeError), transaction.atomic():
                append({"savepoint": "rolled back"})
                raise RuntimeError("the inner change failed")
            append({"committed": True})
        follower.until_count(1, within=5.0)
        follower.quiet(0.3)
    assert [u["data"] for u in follower.updates] == [{"committed": True}]
    assert [e.update["data"] for e in Event.objects.order_by("id")] == [{"committed": True}]
