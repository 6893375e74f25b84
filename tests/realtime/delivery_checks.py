"""Client side of the multi-process realtime tests: post webhooks, read streams, compare.

What a client received is compared with the event log itself, read from the database:
the same updates, in the same order, each once. `Reader` follows one client across
reconnects and checks on the way that event ids never go back.
"""

from __future__ import annotations

import queue
import time
from typing import Any

import httpx
from prometheus_client.parser import text_string_to_metric_families

from tests.realtime.backend import EVO_INSTANCE, EVO_KEY
from tests.realtime.sse_client import SSEStream

STREAM_PATH = "/api/chats/realtime-updates/"


def post_message(url: str, provider_id: str) -> None:
    """Deliver one inbound Evolution text message to the server at `url`."""
    customer = f"55119876500{int(provider_id.rsplit('-', 1)[-1]) % 3:02d}@s.whatsapp.net"
    body = {
        "event": "messages.upsert",
        "instance": EVO_INSTANCE,
        "apikey": EVO_KEY,
        "data": {
            "key": {"remoteJid": customer, "fromMe": False, "id": provider_id},
            "pushName": "Cliente",
            "message": {"conversation": f"mensagem {provider_id}"},
            "messageType": "conversation",
            "messageTimestamp": int(time.time()),
        },
    }
    response = httpx.post(f"{url}/webhooks/evolution/", json=body, timeout=10)
    assert response.status_code == 200, f"{url}: {response.status_code} {response.text}"


def open_stream(url: str, token: str, last_event_id: int | None = None) -> SSEStream:
    headers = {"Authorization": f"Bearer {token}"}
    if last_event_id is not None:
        headers["Last-Event-ID"] = str(last_event_id)
    return SSEStream(f"{url}{STREAM_PATH}", headers=headers)


def update_keys(updates: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """What identifies an update (per-user values such as unread counts left out)."""
    return [(u["type"], u["chat_id"], u["timestamp"], u["data"].get("id")) for u in updates]


def message_ids(updates: list[dict[str, Any]]) -> list[str]:
    """Provider ids of the `new_message` updates, in the order received."""
    return [u["data"]["provider_message_id"] for u in updates if u["type"] == "new_message"]


class Reader:
    """Everything one client received, over one or several connections."""

    def __init__(self) -> None:
        self.updates: list[dict[str, Any]] = []
        self.last_id: int | None = None
        self._stream: SSEStream | None = None
        self._events_on_stream = 0

    def attach(self, stream: SSEStream, within: float = 10.0) -> None:
        """Follow `stream` from now on; returns once its first event arrived, that is once
        the server subscribed it: an update committed after that reaches it."""
        assert stream.status_code == 200, f"stream refused: {stream.status_code} {stream.body!r}"
        self._stream, self._events_on_stream = stream, 0
        deadline = time.monotonic() + within
        while self._events_on_stream == 0:
            remaining = deadline - time.monotonic()
            assert remaining > 0, f"no event within {within:g} s of connecting"
            self._read_one(remaining)

    def until(self, total: int, within: float = 10.0) -> None:
        """Read until `total` updates arrived in all, within `within` seconds."""
        deadline = time.monotonic() + within
        while len(self.updates) < total:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise AssertionError(
                    f"{len(self.updates)} of {total} updates arrived within {within:g} s; "
                    f"messages so far: {message_ids(self.updates)}"
                )
            self._read_one(remaining)

    def quiet(self, seconds: float = 0.5) -> None:
        """Nothing more arrives: a duplicate would show up here."""
        before = len(self.updates)
        deadline = time.monotonic() + seconds
        while (remaining := deadline - time.monotonic()) > 0:
            self._read_one(remaining)
        assert len(self.updates) == before, f"unexpected extra updates: {self.updates[before:]}"

    def until_closed(self, within: float = 10.0) -> None:
        """Read until the server ends the connection."""
        deadline = time.monotonic() + within
        while (remaining := deadline - time.monotonic()) > 0:
            try:
                self._read_one(remaining)
            except EOFError:
                return
        raise AssertionError(f"the stream was still open after {within:g} s")

    def _read_one(self, timeout: float) -> None:
        assert self._stream is not None, "attach a stream first"
        try:
            event = self._stream.next(timeout=timeout)
        except queue.Empty:
            return
        if event.id is None:
            return  # the `retry:` field
        if self.last_id is not None:
            # An event with updates moves past every earlier id; a position event may repeat.
            assert event.id > self.last_id if event.updates else event.id >= self.last_id, (
                f"event id {event.id} after {self.last_id}"
            )
        self.last_id = event.id
        self._events_on_stream += 1
        self.updates.extend(event.updates)


def metric_samples(url: str) -> dict[str, list[tuple[dict[str, str], float]]]:
    """`GET /metrics`, parsed: sample name → [(labels, value)]."""
    response = httpx.get(f"{url}/metrics", timeout=10)
    assert response.status_code == 200, response.text
    samples: dict[str, list[tuple[dict[str, str], float]]] = {}
    for family in text_string_to_metric_families(response.text):
        for sample in family.samples:
            samples.setdefault(sample.name, []).append((dict(sample.labels), sample.value))
    return samples
