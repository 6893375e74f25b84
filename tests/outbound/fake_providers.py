"""A fake Meta Cloud API + Evolution API on loopback: a real HTTP server that records
every request and answers like the real APIs, or as scripted (errors, slow or held
answers, requests it swallows).

`received` is every request that reached it; `accepted` the messages it took (what the
customer would get): a held or slow answer has taken its message already, a swallowed
request never does. Auth is checked like the providers do (Bearer token / apikey).
"""

from __future__ import annotations

import itertools
import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

META_TOKEN = "fake-meta-token"
EVO_KEY = "FAKE-EVOLUTION-KEY"


@dataclass
class Plan:
    """What to do with the next send: `ok`, `error` (status/body/headers), `hold` (take
    the message, answer when released), `slow` (take it, answer after `delay`),
    `swallow` (never take it; close when released), `drop` (close without answering)."""

    kind: str = "ok"
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    raw: bytes
    json: Any
    provider_id: str = ""


class FakeProviders:
    def __init__(self) -> None:
        self.received: list[Received] = []
        self.accepted: list[Received] = []
        self.plans: deque[Plan] = deque()
        self.release = threading.Event()
        self._ids = itertools.count(1)
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> FakeProviders:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()

    def plan(self, *plans: Plan) -> None:
        self.plans.extend(plans)

    def sends(self) -> list[Received]:
        """The message sends received (not media uploads)."""
        return [r for r in self.received if not r.path.endswith("/media")]

    def wait_received(self, count: int = 1, timeout: float = 10.0) -> list[Received]:
        deadline = time.monotonic() + timeout
        while len(self.sends()) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"fake provider got {len(self.sends())} of {count} sends")
            time.sleep(0.02)
        return self.sends()

    # -- the HTTP side -------------------------------------------------------------
    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # quiet test output
                pass

            def do_POST(self) -> None:
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                fake._answer(self, raw)

        return Handler

    def _answer(self, handler: BaseHTTPRequestHandler, raw: bytes) -> None:
        path = handler.path
        headers = {k.lower(): v for k, v in handler.headers.items()}
        is_json = headers.get("content-type", "").startswith("application/json")
        request = Received(path, headers, raw, json.loads(raw) if is_json else None)
        meta = not path.startswith("/message/")
        if meta and headers.get("authorization") != f"Bearer {META_TOKEN}":
            return self._reply(handler, 401, {"error": {"message": "Invalid OAuth", "code": 190}})
        if not meta and headers.get("apikey") != EVO_KEY:
            return self._reply(handler, 401, {"status": 401, "error": "Unauthorized"})
        upload = path.endswith("/media")
        with self._lock:
            self.received.append(request)
            plan = Plan() if upload or not self.plans else self.plans.popleft()
        if plan.kind == "error":
            return self._reply(handler, plan.status, plan.body, plan.headers)
        if plan.kind in ("swallow", "drop"):
            if plan.kind == "swallow":
                self.release.wait(30)
            handler.close_connection = True
            return None
        n = next(self._ids)
        if upload:
            return self._reply(handler, 200, {"id": f"media-{n}"})
        request.provider_id = f"wamid.FAKE{n:04d}" if meta else f"3EB0FAKE{n:04d}"
        with self._lock:
            self.accepted.append(request)
        if plan.kind == "hold":
            self.release.wait(30)
        elif plan.kind == "slow":
            time.sleep(plan.delay)
        return self._reply(handler, 200, _success(meta, request))

    @staticmethod
    def _reply(
        handler: BaseHTTPRequestHandler,
        status: int,
        body: Any,
        headers: dict[str, str] | None = None,
    ) -> None:
        data = json.dumps(body).encode()
        try:
            handler.send_response(status)
            handler.send_header("Content-Type", "application/json")
            handler.send_header("Content-Length", str(len(data)))
            for name, value in (headers or {}).items():
                handler.send_header(name, value)
            handler.end_headers()
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the caller died or gave up waiting: the provider still took the message


def _success(meta: bool, request: Received) -> dict[str, Any]:
    body = request.json or {}
    if meta:
        return {
            "messaging_product": "whatsapp",
            "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
            "messages": [{"id": request.provider_id}],
        }
    return {
        "key": {"remoteJid": body.get("number"), "fromMe": True, "id": request.provider_id},
        "message": {"conversation": body.get("text", "")},
        "messageTimestamp": int(time.time()),
        "status": "PENDING",
    }
