"""A server killed while a send is at the provider: resumed after restart, never doubled.

Real processes: uvicorn (`--lifespan on`, so each runs its sender) on a dedicated
database, started and SIGKILLed by `tests/realtime/servers.py`, and the fake providers
on loopback. The provider's webhooks are posted to the restarted server as the provider
would (it retries until the server answers).
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import signal
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.outbound.fake_providers import EVO_KEY, META_TOKEN, FakeProviders, Plan
from tests.realtime.backend import ADMIN, Backend
from tests.realtime.servers import Server, wait_for

pytestmark = pytest.mark.slow

PHONE_NUMBER_ID, APP_SECRET, INSTANCE = "109990000000001", "crash-app-secret", "crash-evo"
CUSTOMER = "5511987650000"
GRACE_SECONDS = 6.0
TUNING = {
    "OUTBOUND_POLL_SECONDS": "0.2",
    "OUTBOUND_LEASE_SECONDS": "1",
    "OUTBOUND_IN_DOUBT_GRACE_SECONDS": str(GRACE_SECONDS),
    "OUTBOUND_HTTP_TIMEOUT_SECONDS": "60",
    "OUTBOUND_BACKOFF_BASE_SECONDS": "0.1",
}


class OutboundBackend(Backend):
    """The realtime tests' backend, with one Meta and one Evolution channel that send to
    the fake providers."""

    fake_url = ""

    def _write_provisioning_file(self) -> Path:
        channels = [
            {
                "provider": "meta",
                "key": "crash-meta",
                "phone_number_id": PHONE_NUMBER_ID,
                "display_phone_number": "15550001111",
                "app_secret": APP_SECRET,
                "verify_token": "crash-verify",
                "access_token": META_TOKEN,
                "api_base_url": f"{self.fake_url}/v21.0",
            },
            {
                "provider": "evolution",
                "key": "crash-evo",
                "instance": INSTANCE,
                "api_key": EVO_KEY,
                "api_base_url": self.fake_url,
            },
        ]
        admin = {**ADMIN, "role": "admin"}
        tenant = {"slug": "crash", "name": "Crash", "channels": channels, "agents": [admin]}
        path = self.var_dir / "provision.json"
        path.write_text(json.dumps({"tenants": [tenant]}))
        return path

    def send_row(self, message_id: int) -> dict[str, Any]:
        sql = "SELECT finished, in_flight_since, attempts FROM chats_outboundsend"
        sql += " WHERE message_id = %s"
        if self.postgres:
            with psycopg.connect(self.env["DATABASE_URL"]) as conn:
                row = conn.execute(sql.encode(), [message_id]).fetchone()
        else:
            path = self.var_dir / "multichat.sqlite3"
            with contextlib.closing(sqlite3.connect(path)) as conn:
                row = conn.execute(sql.replace("%s", "?"), [message_id]).fetchone()
        assert row is not None
        return {"finished": bool(row[0]), "in_flight_since": row[1], "attempts": row[2]}


@pytest.fixture
def fake() -> Iterator[FakeProviders]:
    with FakeProviders() as providers:
        yield providers


@pytest.fixture
def world(fake: FakeProviders, tmp_path: Path) -> Iterator[tuple[OutboundBackend, Server]]:
    var_dir = tmp_path / "var"
    var_dir.mkdir()
    backend = OutboundBackend(var_dir, "outbound")
    backend.fake_url = fake.url
    with backend.provisioned():
        server = Server(
            "server", tmp_path, {**backend.env, **TUNING}, workers=1, via_make_run=False
        )
        try:
            server.start()
            yield backend, server
        finally:
            server.stop(signal.SIGKILL)


def _customer_writes(server: Server, provider: str) -> None:
    now = int(time.time())
    if provider == "meta":
        message = {
            "from": CUSTOMER,
            "id": f"wamid.IN{now}",
            "timestamp": str(now),
            "type": "text",
            "text": {"body": "Oi, meu pedido?"},
        }
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": PHONE_NUMBER_ID},
            "contacts": [{"profile": {"name": "Maria"}, "wa_id": CUSTOMER}],
            "messages": [message],
        }
        _post_meta(
            server,
            {
                "object": "whatsapp_business_account",
                "entry": [{"id": "1", "changes": [{"value": value, "field": "messages"}]}],
            },
        )
    else:
        data = {
            "key": {"remoteJid": f"{CUSTOMER}@s.whatsapp.net", "fromMe": False, "id": f"IN{now}"},
            "pushName": "Maria",
            "message": {"conversation": "Oi, meu pedido?"},
            "messageType": "conversation",
            "messageTimestamp": now,
        }
        _post_evolution(server, {"event": "messages.upsert", "instance": INSTANCE, "data": data})


def _post_meta(server: Server, payload: dict[str, Any]) -> None:
    raw = json.dumps(payload).encode()
    signature = hmac.new(APP_SECRET.encode(), raw, hashlib.sha256).hexdigest()
    headers = {"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={signature}"}
    response = httpx.post(f"{server.url}/webhooks/meta/", content=raw, headers=headers, timeout=10)
    assert response.status_code == 200, response.text


def _post_evolution(server: Server, payload: dict[str, Any]) -> None:
    body = {**payload, "apikey": EVO_KEY}
    response = httpx.post(f"{server.url}/webhooks/evolution/", json=body, timeout=10)
    assert response.status_code == 200, response.text


def _provider_reports(server: Server, provider: str, message_id: int, provider_id: str) -> None:
    """What the provider sends after taking the message: Meta a `sent` status naming our
    message in `biz_opaque_callback_data`; Evolution the `send.message` echo."""
    now = int(time.time())
    if provider == "meta":
        status = {
            "id": provider_id,
            "status": "sent",
            "timestamp": str(now),
            "recipient_id": CUSTOMER,
            "biz_opaque_callback_data": f"mc:{message_id}",
        }
        value = {
            "messaging_product": "whatsapp",
            "metadata": {"display_phone_number": "15550001111", "phone_number_id": PHONE_NUMBER_ID},
            "statuses": [status],
        }
        _post_meta(
            server,
            {
                "object": "whatsapp_business_account",
                "entry": [{"id": "1", "changes": [{"value": value, "field": "messages"}]}],
            },
        )
    else:
        data = {
            "key": {"remoteJid": f"{CUSTOMER}@s.whatsapp.net", "fromMe": True, "id": provider_id},
            "pushName": "Você",
            "status": "PENDING",
            "message": {"conversation": "Já saiu!"},
            "messageType": "conversation",
            "messageTimestamp": now,
        }
        _post_evolution(server, {"event": "send.message", "instance": INSTANCE, "data": data})


class Api:
    def __init__(self, backend: OutboundBackend, server: Server) -> None:
        self.server = server
        self.headers = {"Authorization": f"Bearer {backend.token(server.url)}"}

    def chat_id(self) -> int:
        chats = httpx.get(f"{self.server.url}/api/chats/", headers=self.headers, timeout=10).json()
        return int(chats["results"][0]["id"])

    def send(self, chat: int, text: str) -> int:
        url = f"{self.server.url}/api/chats/{chat}/messages/"
        response = httpx.post(
            url, json={"type": "text", "content": text}, headers=self.headers, timeout=10
        )
        assert response.status_code == 201, response.text
        return int(response.json()["id"])

    def outbound(self, chat: int) -> list[dict[str, Any]]:
        url = f"{self.server.url}/api/chats/{chat}/messages/"
        messages = httpx.get(url, headers=self.headers, timeout=10).json()["results"]
        return [m for m in messages if m["from_me"]]


def _crash_while_at_the_provider(
    backend: OutboundBackend, server: Server, fake: FakeProviders, provider: str
) -> tuple[Api, int, int]:
    api = Api(backend, server)
    _customer_writes(server, provider)
    chat = api.chat_id()
    message_id = api.send(chat, "Já saiu!")
    fake.wait_received(1)
    assert backend.send_row(message_id)["in_flight_since"] is not None
    server.stop(signal.SIGKILL)
    return api, chat, message_id


@pytest.mark.parametrize("provider", ["meta", "evolution"])
def test_a_send_the_provider_took_before_the_crash_is_linked_by_its_webhook_not_resent(
    world: tuple[OutboundBackend, Server], fake: FakeProviders, provider: str
) -> None:
    backend, server = world
    fake.plan(Plan("hold"))
    api, chat, message_id = _crash_while_at_the_provider(backend, server, fake, provider)
    [taken] = fake.accepted
    server.start()
    _provider_reports(server, provider, message_id, taken.provider_id)
    [message] = api.outbound(chat)
    assert (message["id"], message["provider_message_id"], message["status"]) == (
        message_id,
        taken.provider_id,
        "sent",
    )
    row = backend.send_row(message_id)
    assert row["finished"] is True
    # Past the grace the restarted sender would have resent an unlinked row: it did not.
    time.sleep(GRACE_SECONDS + 1)
    assert len(fake.sends()) == 1
    assert [m["id"] for m in api.outbound(chat)] == [message_id]


@pytest.mark.parametrize("provider", ["meta", "evolution"])
def test_a_send_the_provider_never_took_is_resent_once_after_the_grace(
    world: tuple[OutboundBackend, Server], fake: FakeProviders, provider: str
) -> None:
    backend, server = world
    fake.plan(Plan("swallow"))
    api, chat, message_id = _crash_while_at_the_provider(backend, server, fake, provider)
    fake.release.set()
    assert fake.accepted == []
    server.start()

    def sent() -> dict[str, Any] | None:
        [message] = api.outbound(chat)
        return message if message["status"] == "sent" else None

    message = wait_for(sent, "the resend after the grace", timeout=GRACE_SECONDS + 15)
    [taken] = fake.accepted
    assert message["provider_message_id"] == taken.provider_id
    assert len(fake.sends()) == 2  # the swallowed call, then exactly one resend
    assert backend.send_row(message_id)["attempts"] == 2
