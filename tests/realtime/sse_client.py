"""A real SSE client for tests: one streaming HTTP connection read line by line in a
background thread, parsed per the SSE spec into events and comments, exactly as they
arrived on the wire (raw lines are kept for wire-format assertions)."""

from __future__ import annotations

import contextlib
import http.client
import json
import queue
import socket
import threading
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass
class SSEEvent:
    """One dispatched event (`id`/`data` fields), or a comment (`comment` set)."""

    id: int | None = None
    data: dict[str, Any] | None = None
    retry: int | None = None
    comment: str | None = None
    raw_lines: list[str] = field(default_factory=list)

    @property
    def updates(self) -> list[dict[str, Any]]:
        return list((self.data or {}).get("updates", []))


class SSEStream:
    """`with SSEStream(url, headers=...) as stream:` — then `stream.next()`.

    Built on http.client so `close()` can shut the socket down and end the reader thread
    at once, as a browser closing the tab would."""

    def __init__(
        self,
        url: str,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> None:
        self.url = httpx.URL(url, params=params or {})
        self.headers = headers or {}
        self.events: queue.Queue[SSEEvent | BaseException | None] = queue.Queue()
        self.status_code: int | None = None
        self.response_headers: dict[str, str] = {}
        self.body = b""
        self.raw_lines: list[str] = []
        self._connected = threading.Event()
        self._conn = http.client.HTTPConnection(self.url.host, self.url.port, timeout=10)
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> SSEStream:
        self._thread.start()
        if not self._connected.wait(10):
            raise TimeoutError("SSE stream did not connect")
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        sock = self._conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
        self._conn.close()
        self._thread.join(timeout=5)

    def _run(self) -> None:
        try:
            target = self.url.raw_path.decode()
            self._conn.request(
                "GET", target, headers={"Accept": "text/event-stream", **self.headers}
            )
            response = self._conn.getresponse()
            self.status_code = response.status
            self.response_headers = {k.lower(): v for k, v in response.getheaders()}
            if response.status != 200:
                self.body = response.read()
                self._connected.set()
                return
            if self._conn.sock is not None:
                self._conn.sock.settimeout(None)  # idle streams are normal; close() ends them
            self._connected.set()
            self._parse(response)
        except (OSError, http.client.HTTPException, ValueError, AttributeError) as error:
            # close() from another thread makes http.client fail in any of these ways.
            self.events.put(error)
        finally:
            self._connected.set()
            self.events.put(None)

    def _parse(self, response: http.client.HTTPResponse) -> None:
        current = SSEEvent()
        data_lines: list[str] = []
        while True:
            raw = response.readline()
            if not raw:
                return
            line = raw.decode().rstrip("\r\n")
            self.raw_lines.append(line)
            if line == "":
                if current.id is not None or data_lines or current.retry is not None:
                    if data_lines:
                        current.data = json.loads("\n".join(data_lines))
                    self.events.put(current)
                current, data_lines = SSEEvent(), []
                continue
            current.raw_lines.append(line)
            name, _, value = line.partition(":")
            value = value[1:] if value.startswith(" ") else value
            if name == "":
                self.events.put(SSEEvent(comment=value, raw_lines=[line]))
            elif name == "id":
                current.id = int(value)
            elif name == "data":
                data_lines.append(value)
            elif name == "retry":
                current.retry = int(value)

    def next(self, timeout: float = 5.0, *, skip_comments: bool = True) -> SSEEvent:
        """The next event (comments skipped unless asked); raises on timeout or close."""
        while True:
            item = self.events.get(timeout=timeout)
            if item is None:
                raise EOFError("stream closed")
            if isinstance(item, BaseException):
                raise EOFError(f"stream failed: {item!r}")
            if skip_comments and item.comment is not None:
                continue
            return item

    def collect_updates(
        self, count: int, timeout: float = 10.0
    ) -> tuple[list[dict[str, Any]], int]:
        """Read events until `count` updates arrived; returns them and the last event id."""
        updates: list[dict[str, Any]] = []
        last_id = 0
        while len(updates) < count:
            event = self.next(timeout=timeout)
            if event.retry is not None and event.id is None:
                continue
            updates.extend(event.updates)
            last_id = event.id or last_id
        return updates, last_id
