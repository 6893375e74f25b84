"""The SSE wire format (see docs/realtime-events.md)."""

from __future__ import annotations

import json
from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(tz=UTC).isoformat().replace("+00:00", "Z")


def sse_event(event_id: int, updates: list[str]) -> bytes:
    """One SSE event: `updates` are already-serialized JSON objects (single-line)."""
    data = f'{{"timestamp": "{now_iso()}", "updates": [{", ".join(updates)}]}}'
    return f"id: {event_id}\ndata: {data}\n\n".encode()


def sse_retry(milliseconds: int) -> bytes:
    return f"retry: {milliseconds}\n\n".encode()


PING = b": ping\n\n"


def reset_update() -> str:
    return json.dumps({"type": "reset", "chat_id": "", "timestamp": now_iso(), "data": {}})
