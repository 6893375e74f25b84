"""The per-process fan-out hub: one log reader, one broker subscription, many streams.

A wake-up (from the broker, or a timer) makes the hub read the rows after the last id it
has seen, once, and hand each row to the streams that may see it, found through an
index by channel and by user — never a query per stream per update. With the broker
down the hub polls the log every `REALTIME_FALLBACK_POLL_SECONDS`; with it up, a slow
safety poll still runs, so a lost wake-up only ever delays.

The hub also re-checks every open stream's access every few seconds, so an agent who
loses a channel stops receiving its updates, and one who loses its membership is cut off.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
import weakref
from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

from multichat.core.types import Grant
from multichat.realtime import log_reader, metrics
from multichat.realtime.brokers import get_broker
from multichat.realtime.log import personalize
from multichat.realtime.retention import events_prune
from multichat.realtime.subscription import Delivery, Subscription

logger = logging.getLogger(__name__)
READ_BATCH = 1000

GrantResolver = Callable[[list[int]], dict[int, Grant]]


class Hub:
    def __init__(self) -> None:
        self.last_id = 0
        self.broker = get_broker()
        self.broker_connected = False
        self._reader = log_reader.LogReader()
        self._wake = asyncio.Event()
        self._started = asyncio.Event()
        self._tasks: list[asyncio.Task[None]] = []
        self._by_channel: dict[int, set[Subscription]] = defaultdict(set)
        self._by_user: dict[int, set[Subscription]] = defaultdict(set)
        self._resolve_grants: GrantResolver = import_string(settings.REALTIME_GRANT_RESOLVER)

    # -- lifecycle ---------------------------------------------------------------
    async def ensure_started(self) -> None:
        if not self._tasks:
            self._tasks = [
                asyncio.ensure_future(self._start_reading()),
                asyncio.ensure_future(self.broker.listen(self.wake, self._on_broker_state)),
                asyncio.ensure_future(self._refresh_access_forever()),
                asyncio.ensure_future(self._prune_forever()),
            ]
        await self._started.wait()

    async def _start_reading(self) -> None:
        while True:
            try:
                self.last_id = await self._reader.run(log_reader.head_id)
                break
            except Exception:
                logger.exception("event log unreachable; retrying")
                await asyncio.sleep(1)
        self._started.set()
        await self._read_forever()

    def wake(self) -> None:
        self._wake.set()

    def _on_broker_state(self, connected: bool) -> None:
        self.broker_connected = connected
        metrics.BROKER_CONNECTED.set(1 if connected else 0)
        # Wake the reader either way: going down, it must switch from the slow safety
        # poll to the fallback poll now, not after its current (long) wait; coming back,
        # it reads at once what was committed while wake-ups could not arrive.
        self.wake()

    # -- subscriptions -----------------------------------------------------------
    def subscribe(self, subscription: Subscription) -> int:
        """Register a stream; returns the id after which it will receive live updates."""
        self._index(subscription)
        metrics.STREAMS_OPEN.inc()
        return self.last_id

    def unsubscribe(self, subscription: Subscription) -> None:
        self._unindex(subscription)
        metrics.STREAMS_OPEN.dec()

    def _index(self, sub: Subscription) -> None:
        for channel_id in sub.grant.channel_ids:
            self._by_channel[channel_id].add(sub)
        self._by_user[sub.user_id].add(sub)

    def _unindex(self, sub: Subscription) -> None:
        for channel_id in sub.grant.channel_ids:
            subs = self._by_channel.get(channel_id)
            if subs is not None:
                subs.discard(sub)
                if not subs:
                    del self._by_channel[channel_id]
        subs = self._by_user.get(sub.user_id)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._by_user[sub.user_id]

    @property
    def stream_count(self) -> int:
        return sum(len(s) for s in self._by_user.values())

    # -- reading and fan-out -----------------------------------------------------
    async def _read_forever(self) -> None:
        while True:
            healthy = self.broker_connected and self.broker.is_healthy()
            interval = (
                settings.REALTIME_SAFETY_POLL_SECONDS
                if healthy
                else settings.REALTIME_FALLBACK_POLL_SECONDS
            )
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), interval)
            self._wake.clear()
            try:
                await self._drain()
            except Exception:
                logger.exception("reading the event log failed; will retry")
                await asyncio.sleep(settings.REALTIME_FALLBACK_POLL_SECONDS)

    async def _drain(self) -> None:
        while True:
            rows = await self._reader.run(log_reader.read_after, self.last_id, READ_BATCH)
            if rows:
                self._dispatch(rows)
            if len(rows) < READ_BATCH:
                return

    def _dispatch(self, rows: list[dict[str, Any]]) -> None:
        """Route rows to streams; runs on the loop without awaiting, so `last_id` and
        every mailbox move together (a stream subscribing now sees a consistent cut)."""
        batches: dict[Subscription, list[Delivery]] = defaultdict(list)
        now = time.time()
        for row in rows:
            encoded: dict[int | None, str] = {}
            for sub in self._audience(row):
                key = sub.user_id if row["personal"] else None
                text = encoded.get(key)
                if text is None:
                    update = row["update"]
                    if key is not None:
                        update = personalize(update, row["personal"], key)
                    text = encoded[key] = json.dumps(update, ensure_ascii=False)
                batches[sub].append((row["id"], text))
            metrics.UPDATES_PUBLISHED.inc()
            metrics.DELIVERY_LATENCY.observe(max(now - row["created_at"].timestamp(), 0.0))
        self.last_id = rows[-1]["id"]
        for sub, deliveries in batches.items():
            sub.push(deliveries)
            metrics.UPDATES_DELIVERED.inc(len(deliveries))

    def _audience(self, row: dict[str, Any]) -> list[Subscription]:
        channel_id, user_id = row["channel_id"], row["user_id"]
        if user_id is not None:
            candidates: set[Subscription] = self._by_user.get(user_id, set())
        elif channel_id is not None:
            candidates = self._by_channel.get(channel_id, set())
        else:
            candidates = {s for subs in self._by_user.values() for s in subs}
        tenant_id, chat_key = row["tenant_id"], row["chat_key"]
        return [
            s
            for s in candidates
            if s.grant.tenant_id == tenant_id and s.wants(channel_id, user_id, chat_key)
        ]

    async def _prune_forever(self) -> None:
        while True:
            await asyncio.sleep(settings.EVENT_PRUNE_INTERVAL_SECONDS)
            try:
                await self._reader.run(events_prune)
            except Exception:
                logger.exception("pruning the event log failed; will retry")

    # -- access ------------------------------------------------------------------
    async def _refresh_access_forever(self) -> None:
        while True:
            await asyncio.sleep(settings.REALTIME_ACCESS_REFRESH_SECONDS)
            try:
                await self.refresh_access()
            except Exception:
                logger.exception("refreshing stream access failed; will retry")

    async def refresh_access(self) -> None:
        user_ids = list(self._by_user)
        if not user_ids:
            return
        grants = await self._reader.run(self._resolve_grants, user_ids)
        for user_id in user_ids:
            for sub in list(self._by_user.get(user_id, ())):
                grant = grants.get(user_id)
                if grant is None or grant.tenant_id != sub.grant.tenant_id:
                    sub.close()
                elif grant != sub.grant:
                    self._unindex(sub)
                    sub.grant = grant
                    self._index(sub)

    async def run_db(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run a blocking log query on the hub's database thread."""
        return await self._reader.run(func, *args)


_hubs: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, Hub] = weakref.WeakKeyDictionary()


async def get_hub() -> Hub:
    """The hub of the running event loop (one per server process), started on first use."""
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None:
        hub = _hubs[loop] = Hub()
    await hub.ensure_started()
    return hub
