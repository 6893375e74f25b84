"""Shared tools of the single-process realtime suites (`test_sse_*`, `test_ops`).

No tests here (pytest collects this module and finds none): a tenant with Evolution
channels, webhook payloads posted through the real endpoint, streams opened with the
real SSE client (read with `tests.realtime.follower.Follower`). Waiting is always a poll
with a deadline, never a bare sleep. Modules that start servers use
`server_connections_released` (see its docstring).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import httpx
import pytest
from django.db import connection

from multichat.realtime.models import Event
from multichat.tenants.models import Agent, Channel, Tenant
from tests.factories import AgentFactory, EvolutionChannelFactory, TenantFactory, token_for
from tests.realtime.follower import STREAM_PATH
from tests.realtime.sse_client import SSEStream

MARIA = "5511987654321@s.whatsapp.net"
JOAO = "5521998877665@s.whatsapp.net"


@dataclass
class Shop:
    """A tenant with Evolution channels, one admin and one agent of the first channel."""

    tenant: Tenant
    channels: Sequence[Channel]
    admin: Agent
    agent: Agent

    @property
    def channel(self) -> Channel:
        return self.channels[0]


@pytest.fixture(scope="module")
def server_connections_released(django_db_blocker: Any) -> Iterator[None]:
    """Close, at the end of a module, the PostgreSQL sessions the test servers' database
    threads leave open, or dropping the test database at the end of the run fails.

    Stop-gap: the realtime thread pools (`log_reader.STREAM_POOL`, each hub's reader)
    outlive `asgi_server`; the lasting fix is for that fixture to close their
    connections when the server stops. Terminating them is safe: with CONN_MAX_AGE=0
    each pool call opens a fresh connection anyway."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


def shop_create(channels: int = 1) -> Shop:
    tenant = TenantFactory()
    made = [EvolutionChannelFactory(tenant=tenant) for _ in range(channels)]
    admin = AgentFactory(tenant=tenant, role="admin")
    agent = AgentFactory(tenant=tenant, channels=[made[0]])
    return Shop(tenant=tenant, channels=made, admin=admin, agent=agent)


def _envelope(channel: Channel, event: str, data: dict[str, Any]) -> dict[str, Any]:
    return {"event": event, "instance": channel.instance, "apikey": channel.api_key, "data": data}


def evo_text(
    channel: Channel, pid: str, *, jid: str = MARIA, text: str = "Olá", from_me: bool = False
) -> dict[str, Any]:
    """`messages.upsert` of a text: from the customer, or typed on our phone (`from_me`)."""
    data: dict[str, Any] = {
        "key": {"remoteJid": jid, "fromMe": from_me, "id": pid},
        "pushName": "Loja" if from_me else "Maria",
        "message": {"conversation": text},
        "messageType": "conversation",
        "messageTimestamp": int(time.time()),
    }
    if from_me:
        data["status"] = "SERVER_ACK"
    return _envelope(channel, "messages.upsert", data)


def evo_status(channel: Channel, pid: str, status: str, *, jid: str = MARIA) -> dict[str, Any]:
    data = {"keyId": pid, "remoteJid": jid, "fromMe": True, "status": status}
    return _envelope(channel, "messages.update", data)


def evo_reaction(channel: Channel, pid: str, target: str, emoji: str) -> dict[str, Any]:
    """The customer reacts to our message `target`."""
    data = {
        "key": {"remoteJid": MARIA, "fromMe": False, "id": pid},
        "pushName": "Maria",
        "message": {
            "reactionMessage": {
                "key": {"remoteJid": MARIA, "fromMe": True, "id": target},
                "text": emoji,
            },
        },
        "messageType": "reactionMessage",
        "messageTimestamp": int(time.time()),
    }
    return _envelope(channel, "messages.upsert", data)


def evo_edit(channel: Channel, pid: str, target: str, text: str) -> dict[str, Any]:
    """The customer edits its earlier message `target`."""
    protocol = {
        "type": "MESSAGE_EDIT",
        "key": {"id": target},
        "editedMessage": {"conversation": text},
    }
    data = {
        "key": {"remoteJid": MARIA, "fromMe": False, "id": pid},
        "pushName": "Maria",
        "message": {"protocolMessage": protocol},
        "messageType": "protocolMessage",
        "messageTimestamp": int(time.time()),
    }
    return _envelope(channel, "messages.upsert", data)


def evo_connection(channel: Channel, state: str, reason: int = 200) -> dict[str, Any]:
    data = {"instance": channel.instance, "state": state, "statusReason": reason}
    return _envelope(channel, "connection.update", data)


def post(url: str, payload: dict[str, Any]) -> None:
    """Deliver one Evolution webhook to the server at `url`."""
    response = httpx.post(f"{url}/webhooks/evolution/", json=payload, timeout=10)
    assert response.status_code == 200, f"{response.status_code} {response.text}"


def auth(agent: Agent) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(agent.user)}"}


def stream_open(
    url: str,
    agent: Agent | None = None,
    *,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
) -> SSEStream:
    """An SSE stream (not yet connected: use it in a `with`)."""
    all_headers = {**(auth(agent) if agent is not None else {}), **(headers or {})}
    return SSEStream(f"{url}{STREAM_PATH}", headers=all_headers, params=params)


def wait_for(predicate: Callable[[], bool], within: float = 5.0, what: str = "condition") -> None:
    deadline = time.monotonic() + within
    while not predicate():
        assert time.monotonic() < deadline, f"{what} not met within {within:g} s"
        time.sleep(0.02)


def healthz(url: str) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(f"{url}/healthz", timeout=10).json()
    return body


def log_head() -> int:
    return Event.objects.order_by("-id").values_list("id", flat=True).first() or 0
