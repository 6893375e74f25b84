"""Redis pub/sub broker, for several server processes on one or several machines.

Each process holds one subscription. A commit publishes one short message; every
process (including the publisher, which also wakes itself directly) then reads the new
rows from the log once. When Redis is down, `listen` keeps reconnecting with backoff and
reports the outage, and the log reader falls back to polling, so nothing is lost — only
delayed by the fallback interval — until Redis answers again.

The Redis URL may hold a password: it is never logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time

import redis
import redis.asyncio as aioredis
from django.conf import settings

from multichat.realtime.brokers.base import StateListener, Wake
from multichat.realtime.brokers.memory import MemoryBroker

logger = logging.getLogger(__name__)

CHANNEL = "multichat:events"
PING_EVERY_SECONDS = 2.0
MAX_BACKOFF_SECONDS = 2.0


class RedisBroker:
    kind = "redis"

    def __init__(self, url: str | None = None) -> None:
        self._url = url or settings.REDIS_URL
        self._local = MemoryBroker()  # wakes this process's loops without a round trip
        self._client = redis.Redis.from_url(
            self._url, socket_timeout=0.5, socket_connect_timeout=0.5
        )
        self._state_lock = threading.Lock()
        self._connected_listeners = 0
        # Publishing happens on one background thread, so a slow or absent Redis never
        # delays the request that committed; commits in a burst share one message.
        self._publish_requested = threading.Event()
        self._publisher = threading.Thread(
            target=self._publish_forever, name="redis-publisher", daemon=True
        )
        self._publisher.start()

    def publish(self) -> None:
        self._local.publish()
        self._publish_requested.set()

    def _publish_forever(self) -> None:
        while True:
            self._publish_requested.wait()
            self._publish_requested.clear()
            try:
                self._client.publish(CHANNEL, b"1")
            except (redis.RedisError, OSError) as error:
                # Other processes find the rows by polling while Redis is away.
                logger.warning("redis publish failed: %s", type(error).__name__)
                time.sleep(0.5)

    def is_healthy(self) -> bool:
        with self._state_lock:
            return self._connected_listeners > 0

    def _set_connected(self, connected: bool, on_state: StateListener) -> None:
        with self._state_lock:
            self._connected_listeners += 1 if connected else -1
        on_state(connected)

    async def listen(self, wake: Wake, on_state: StateListener) -> None:
        local = asyncio.ensure_future(self._local.listen(wake, lambda _: None))
        backoff = 0.05
        try:
            while True:
                try:
                    await self._subscribe_until_failure(wake, on_state)
                except (redis.RedisError, OSError) as error:
                    logger.warning("redis subscription lost: %s", type(error).__name__)
                await asyncio.sleep(backoff)
                backoff = min(backoff * 2, MAX_BACKOFF_SECONDS)
        finally:
            local.cancel()

    async def _subscribe_until_failure(self, wake: Wake, on_state: StateListener) -> None:
        client = aioredis.Redis.from_url(
            self._url, socket_connect_timeout=1.0, socket_timeout=PING_EVERY_SECONDS * 2
        )
        pubsub = client.pubsub(ignore_subscribe_messages=True)
        connected = False
        try:
            await pubsub.subscribe(CHANNEL)
            self._set_connected(True, on_state)
            connected = True
            wake()  # catch up on whatever was committed while we were away
            while True:
                message = await pubsub.get_message(timeout=PING_EVERY_SECONDS)
                if message is None:
                    await pubsub.ping()  # idle: notice a dead connection (its pong is ignored)
                elif message.get("type") == "message":
                    wake()
        finally:
            if connected:
                self._set_connected(False, on_state)
            # Bounded and shielded: a cancelled listener must not hang on a dying socket.
            closing = asyncio.ensure_future(_close_quietly(pubsub, client))
            with contextlib.suppress(TimeoutError, asyncio.CancelledError):
                await asyncio.wait_for(asyncio.shield(closing), 1.0)


async def _close_quietly(pubsub: aioredis.client.PubSub, client: aioredis.Redis) -> None:
    with contextlib.suppress(redis.RedisError, OSError):
        await pubsub.aclose()  # type: ignore[no-untyped-call]  # redis-py leaves it untyped
        await client.aclose()
