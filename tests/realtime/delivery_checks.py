"""Client side of the multi-process realtime tests: post webhooks, read streams, compare.

What a client received is compared with the event log itself, read from the database:
the same updates, in the same order, each once. `tests.realtime.follower.Follower`
follows one client across reconnects and checks on the way that event ids never go back.
"""

from __future__ import annotations

import time
from typing import Any

import httpx

from tests.realtime.backend import EVO_INSTANCE, EVO_KEY
from tests.realtime.follower import STREAM_PATH
from tests.realtime.sse_client import SSEStream


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
