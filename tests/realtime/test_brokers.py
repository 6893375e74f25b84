"""One behaviour suite for every broker: in-process and Redis (a real server).

A broker only wakes listening event loops; these tests check that a publish from any
thread wakes every listener, that state is reported, and that a broken Redis never
blocks or fails the publisher (the log reader's polling covers the gap)."""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Callable

import pytest

from multichat.realtime.brokers.base import Broker
from multichat.realtime.brokers.memory import MemoryBroker
from multichat.realtime.brokers.redis import RedisBroker

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def memory_pair() -> tuple[Broker, Broker]:
    """In-process: every listener of the process shares the one broker."""
    broker = MemoryBroker()
    return broker, broker


def redis_pair() -> tuple[Broker, Broker]:
    """Redis: each server process has its own broker; they meet in Redis."""
    return RedisBroker(REDIS_URL), RedisBroker(REDIS_URL)


@pytest.fixture(params=[memory_pair, redis_pair], ids=["memory", "redis"])
def brokers(request: pytest.FixtureRequest) -> tuple[Broker, Broker]:
    pair: tuple[Broker, Broker] = request.param()
    return pair


async def wait_until(predicate: Callable[[], bool], timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        await asyncio.sleep(0.01)


async def test_a_publish_from_another_thread_wakes_every_listener(brokers) -> None:
    publisher, other_process = brokers
    wakes = {"a": 0, "b": 0}
    states: list[bool] = []

    def wake_a() -> None:
        wakes["a"] += 1

    def wake_b() -> None:
        wakes["b"] += 1

    listeners = [
        asyncio.ensure_future(publisher.listen(wake_a, states.append)),
        asyncio.ensure_future(other_process.listen(wake_b, states.append)),
    ]
    try:
        await wait_until(lambda: states.count(True) >= 2)  # both subscribed
        assert publisher.is_healthy() and other_process.is_healthy()
        before = dict(wakes)
        threading.Thread(target=publisher.publish).start()
        await wait_until(lambda: wakes["a"] > before["a"] and wakes["b"] > before["b"])
        assert True in states
    finally:
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)


async def test_redis_broker_reports_an_unreachable_server_and_never_blocks_publishers() -> None:
    broker = RedisBroker("redis://127.0.0.1:1/0")  # nothing listens on port 1
    states: list[bool] = []
    woken = asyncio.Event()
    listener = asyncio.ensure_future(broker.listen(woken.set, states.append))
    await asyncio.sleep(0.05)  # let the listener register before publishing
    try:
        started = time.monotonic()
        for _ in range(20):
            broker.publish()
        assert time.monotonic() - started < 0.1
        await asyncio.wait_for(woken.wait(), 2)  # the local wake-up still works
        await asyncio.sleep(0.3)
        assert not broker.is_healthy()
        assert True not in states
    finally:
        listener.cancel()
        await asyncio.gather(listener, return_exceptions=True)
