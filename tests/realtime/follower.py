"""What one realtime client received, read off its SSE stream(s), with the checks every
suite wants on the way: event ids only grow, nothing arrives twice, waits have deadlines.

One `Follower` is one client: it may `attach` to a new connection after a disconnect or
a server restart, as a browser resumes with `Last-Event-ID`. Within one connection every
event id is larger than the one before; the first event of a new connection may repeat
the resume position (a position event carries no update).
"""

from __future__ import annotations

import queue
import time
from collections.abc import Callable
from typing import Any, Protocol

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.realtime.sse_client import SSEEvent

STREAM_PATH = "/api/chats/realtime-updates/"
Updates = list[dict[str, Any]]


class EventSource(Protocol):
    """What a `Follower` reads: an `SSEStream`, or a WebSocket seen the same way."""

    status_code: int | None
    body: bytes

    def next(self, timeout: float) -> SSEEvent:
        """The next event; `queue.Empty` past `timeout`, `EOFError` once closed."""
        ...


def new_message_ids(updates: Updates) -> list[str]:
    """Provider ids of the `new_message` updates, in the order received."""
    return [u["data"]["provider_message_id"] for u in updates if u["type"] == "new_message"]


def metric_samples(url: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    """`GET /metrics`, parsed: sample name -> [(labels, value)]."""
    response = httpx.get(f"{url}/metrics", timeout=10)
    assert response.status_code == 200, response.text
    samples: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((dict(sample.labels), sample.value))
    return samples


class Follower:
    """Every event and update one client received, over one or several connections."""

    def __init__(self, stream: EventSource | None = None) -> None:
        self.events: list[SSEEvent] = []
        self.updates: Updates = []
        self.stream: EventSource | None = None
        self._events_on_stream = 0
        if stream is not None:
            self.attach(stream)

    @property
    def last_id(self) -> int | None:
        """The id of the last event received (the resume point), None before any."""
        return self.events[-1].id if self.events else None

    def attach(self, stream: EventSource, *, within: float | None = None) -> None:
        """Follow `stream` from now on. With `within`, return once its first event came,
        that is once the server subscribed it: an update committed after that reaches it."""
        assert stream.status_code == 200, f"refused: {stream.status_code} {stream.body!r}"
        self.stream, self._events_on_stream = stream, 0
        if within is None:
            return
        deadline = time.monotonic() + within
        while self._events_on_stream == 0:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no event within {within:g} s of connecting"
            self._read_one(remaining)

    def first(self, within: float = 5.0) -> SSEEvent:
        """The first event with an id: the position (or `reset`, or first replay) event."""
        deadline = time.monotonic() + within
        while not self.events:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no event within {within:g} s"
            self._read_one(remaining)
        return self.events[0]

    def until(self, predicate: Callable[[Updates], bool], within: float = 5.0) -> Updates:
        """Read until `predicate(all updates so far)` holds; returns all updates."""
        deadline = time.monotonic() + within
        while not predicate(self.updates):
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"not met within {within:g} s; got {_brief(self.updates)}"
            self._read_one(remaining)
        return self.updates

    def until_count(self, count: int, within: float = 5.0) -> Updates:
        return self.until(lambda updates: len(updates) >= count, within)

    def until_message(self, pid: str, within: float = 5.0) -> Updates:
        """Read until the `new_message` of `pid` and the `chat_update` announced with it."""

        def seen(updates: Updates) -> bool:
            if pid not in new_message_ids(updates):
                return False
            at = next(i for i, u in enumerate(updates) if _is_message(u, pid))
            return any(u["type"] == "chat_update" for u in updates[at:])

        return self.until(seen, within)

    def quiet(self, seconds: float = 0.3) -> None:
        """Nothing more arrives for `seconds` (a duplicate or a leak would)."""
        before = len(self.updates)
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            self._read_one(remaining)
        assert len(self.updates) == before, f"unexpected: {_brief(self.updates[before:])}"

    def until_closed(self, within: float = 5.0) -> None:
        """Read until the server ends the connection."""
        deadline = time.monotonic() + within
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                self._read_one(remaining)
            except EOFError:
                return
        raise AssertionError(f"the stream was still open after {within:g} s")

    def _read_one(self, timeout: float) -> None:
        assert self.stream is not None, "attach a stream first"
        try:
            event = self.stream.next(timeout=timeout)
        except queue.Empty:
            return
        if event.id is None:
            return  # the `retry:` field
        last = self.last_id
        if last is not None:
            resumed_position = self._events_on_stream == 0 and not event.updates
            assert event.id >= last if resumed_position else event.id > last, (
                f"event id {event.id} after {last}"
            )
        self.events.append(event)
        self._events_on_stream += 1
        self.updates.extend(event.updates)


def _is_message(update: dict[str, Any], pid: str) -> bool:
    return bool(update["type"] == "new_message" and update["data"]["provider_message_id"] == pid)


def _brief(updates: Updates) -> list[tuple[str, str]]:
    return [(u["type"], u["data"].get("provider_message_id", u["chat_id"])) for u in updates]
