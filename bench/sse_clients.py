"""The SSE load generator: thousands of streams in one process, cheaply.

Each client is an `asyncio.Protocol` on a raw socket (no HTTP library per client): it
sends one `GET` with its agent's Bearer token, decodes the chunked body and the SSE
events, and for every `new_message` update records (provider message id, receive time in
`time.time_ns()`). The receive time is taken once per socket read, before any parsing,
so parsing cost is not counted as delivery latency. A stream the server closes is
reopened after one second with `Last-Event-ID`, as a browser would, and counted.

Run as `python -m bench.sse_clients <spec.json>`: it connects in waves, prints
`ready <connected> <failed>`, waits for `stop` on stdin, writes the results file named
in the spec and prints `done`. The parent measures the server in between.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path
from typing import Any

RECONNECT_DELAY_SECONDS = 1.0
READY_TIMEOUT_SECONDS = 60.0


class Client(asyncio.Protocol):
    """One SSE stream. `received` holds [provider message id, receive time ns, appended at,
    written at] per `new_message` update."""

    def __init__(self, user: int, token: str) -> None:
        self.user = user
        self.token = token
        self.received: list[list[Any]] = []
        self.ready = asyncio.get_running_loop().create_future()
        self.status: int | None = None
        self.error: str | None = None
        self.reconnects = 0
        self.last_id: str | None = None
        self.transport: asyncio.Transport | None = None
        self.closed = asyncio.Event()
        self._raw = b""
        self._headers_done = False
        self._chunked = False
        self._chunk_left = 0  # bytes of the current chunk's payload still to read
        self._events = b""

    # -- asyncio.Protocol ------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is not a subclass
        self.closed.clear()
        self._raw, self._events, self._headers_done, self._chunk_left = b"", b"", False, 0

    def connection_lost(self, exc: Exception | None) -> None:
        self.closed.set()
        if not self.ready.done():
            self.ready.set_result(False)
            self.error = self.error or f"closed before the first event ({exc!r})"

    def data_received(self, data: bytes) -> None:
        now = time.time_ns()
        if not self._headers_done:
            self._raw += data
            head, sep, rest = self._raw.partition(b"\r\n\r\n")
            if not sep:
                return
            self._headers_done = True
            self._raw = b""
            if not self._start(head):
                return
            data = rest
        body = self._dechunk(data) if self._chunked else data
        if body:
            self._events += body
            self._parse_events(now)

    # -- HTTP ------------------------------------------------------------------
    def request(self, path: str, host: str) -> bytes:
        lines = [
            f"GET {path} HTTP/1.1",
            f"Host: {host}",
            f"Authorization: Bearer {self.token}",
            "Accept: text/event-stream",
            "Cache-Control: no-cache",
        ]
        if self.last_id is not None:
            lines.append(f"Last-Event-ID: {self.last_id}")
        return ("\r\n".join(lines) + "\r\n\r\n").encode()

    def _start(self, head: bytes) -> bool:
        status_line, *header_lines = head.decode("latin-1").split("\r\n")
        self.status = int(status_line.split(" ")[1])
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (h.partition(":") for h in header_lines)
        }
        self._chunked = headers.get("transfer-encoding", "").lower() == "chunked"
        if self.status != 200:
            self.error = f"HTTP {self.status}"
            if self.transport is not None:
                self.transport.close()
            return False
        return True

    def _dechunk(self, data: bytes) -> bytes:
        """Chunked transfer decoding; `_raw` keeps an incomplete size line between reads."""
        out = []
        data = self._raw + data
        self._raw = b""
        while data:
            if self._chunk_left > 0:
                piece = data[: self._chunk_left]
                out.append(piece)
                self._chunk_left -= len(piece)
                data = data[len(piece) :]
                continue
            line, sep, rest = data.partition(b"\r\n")
            if not sep:
                self._raw = data
                break
            if line == b"":  # the CRLF that ends a chunk's payload
                data = rest
                continue
            size = int(line.split(b";")[0], 16)
            if size == 0:  # last chunk: the server ended the stream
                data = b""
                break
            self._chunk_left = size
            data = rest
        return b"".join(out)

    # -- SSE -------------------------------------------------------------------
    def _parse_events(self, now: int) -> None:
        *complete, self._events = self._events.split(b"\n\n")
        for block in complete:
            if not self.ready.done():
                self.ready.set_result(True)
            for line in block.split(b"\n"):
                if line.startswith(b"id:"):
                    self.last_id = line[3:].strip().decode()
                elif line.startswith(b"data:") and b'"new_message"' in line:
                    self._record(json.loads(line[5:]), now)

    def _record(self, payload: dict[str, Any], now: int) -> None:
        # The new stream sends {"timestamp", "updates": [...]}; the old one, one bare update.
        # Kept with each receipt: when the update was appended to the log and (new design)
        # when the server wrote the event, to split the latency into its stages.
        updates = payload.get("updates", [payload])
        written = payload.get("timestamp") if "updates" in payload else None
        for update in updates:
            if update.get("type") == "new_message":
                message_id = update["data"]["provider_message_id"]
                self.received.append([message_id, now, update.get("timestamp"), written])


class LoadGenerator:
    def __init__(self, spec: dict[str, Any]) -> None:
        self.spec = spec
        self.host, self.port, self.path = spec["host"], spec["port"], spec["path"]
        tokens: list[str] = spec["tokens"]
        users: list[int] = spec["users"]
        self.clients = [Client(user, tokens[user]) for user in users]
        self.stopping = False

    async def connect(self, client: Client) -> None:
        loop = asyncio.get_running_loop()
        try:
            transport, _ = await loop.create_connection(lambda: client, self.host, self.port)
            transport.write(client.request(self.path, f"{self.host}:{self.port}"))
            await asyncio.wait_for(asyncio.shield(client.ready), READY_TIMEOUT_SECONDS)
        except (OSError, TimeoutError) as error:
            client.error = client.error or repr(error)
            if not client.ready.done():
                client.ready.set_result(False)

    async def keep_open(self, client: Client) -> None:
        """Reopen a stream the server closed, resuming from its last id."""
        while not self.stopping:
            await client.closed.wait()
            if self.stopping:
                return
            await asyncio.sleep(RECONNECT_DELAY_SECONDS)
            client.reconnects += 1
            loop = asyncio.get_running_loop()
            try:
                transport, _ = await loop.create_connection(lambda: client, self.host, self.port)
                transport.write(client.request(self.path, f"{self.host}:{self.port}"))
            except OSError:
                continue

    async def run(self) -> None:
        wave: int = self.spec["wave"]
        for start in range(0, len(self.clients), wave):
            await asyncio.gather(*(self.connect(c) for c in self.clients[start : start + wave]))
        ok = [c for c in self.clients if c.ready.done() and c.ready.result()]
        keepers = [asyncio.ensure_future(self.keep_open(c)) for c in ok]
        print(f"ready {len(ok)} {len(self.clients) - len(ok)}", flush=True)
        loop = asyncio.get_running_loop()
        while (await loop.run_in_executor(None, sys.stdin.readline)).strip() not in ("stop", ""):
            pass
        self.stopping = True
        for keeper in keepers:
            keeper.cancel()
        for client in self.clients:
            if client.transport is not None:
                client.transport.close()
        self.write_results()
        print("done", flush=True)

    def write_results(self) -> None:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        results = {
            "cpu_seconds": usage.ru_utime + usage.ru_stime,
            "clients": [
                {
                    "user": c.user,
                    "ready": bool(c.ready.done() and c.ready.result()),
                    "status": c.status,
                    "error": c.error,
                    "reconnects": c.reconnects,
                    "received": c.received,
                }
                for c in self.clients
            ],
        }
        Path(self.spec["out"]).write_text(json.dumps(results))


def raise_fd_limit() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def main() -> None:
    raise_fd_limit()
    spec = json.loads(Path(sys.argv[1]).read_text())

    async def generate() -> None:
        await LoadGenerator(spec).run()

    try:
        import uvloop  # noqa: PLC0415  # the loop uvicorn uses too, when installed
    except ImportError:
        asyncio.run(generate())
    else:
        uvloop.run(generate())


if __name__ == "__main__":
    main()
