"""Fixtures for the outbound tests: fake providers on loopback, a world whose channels
point at them, and the real sender running in its own event loop thread."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

import pytest
from django.test import Client

from multichat.outbound.sender import Sender
from tests.chats.world import World, build_world
from tests.outbound.fake_providers import EVO_KEY, META_TOKEN, FakeProviders

T = TypeVar("T")


def wait_until(check: Callable[[], T | None], what: str, timeout: float = 10.0) -> T:
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:g} s waiting for {what}")
        time.sleep(0.02)


@pytest.fixture
def fake(settings: Any, tmp_path: Any) -> Iterator[FakeProviders]:
    settings.OUTBOUND_POLL_SECONDS = 0.2
    settings.OUTBOUND_BACKOFF_BASE_SECONDS = 0.05
    settings.OUTBOUND_BACKOFF_MAX_SECONDS = 0.2
    settings.OUTBOUND_MAX_ATTEMPTS = 4
    settings.OUTBOUND_HTTP_TIMEOUT_SECONDS = 2
    settings.OUTBOUND_IN_DOUBT_GRACE_SECONDS = 1
    settings.OUTBOUND_LEASE_SECONDS = 10
    settings.OUTBOUND_MEDIA_DIR = tmp_path / "outbound"
    with FakeProviders() as providers:
        yield providers


@pytest.fixture
def shop(transactional_db: None, fake: FakeProviders) -> World:
    """The chats tests' world, its acme channels sending to the fake providers."""
    world = build_world()
    world.main.api_base_url, world.main.access_token = f"{fake.url}/v21.0", META_TOKEN
    world.main.save()
    world.sales.api_base_url, world.sales.api_key = fake.url, EVO_KEY
    world.sales.save()
    return world


@pytest.fixture
def sender(shop: World) -> Iterator[Sender]:
    """The real sender, in an event loop of its own thread (as in a server process)."""
    loop = asyncio.new_event_loop()
    thread = threading.Thread(target=loop.run_forever, daemon=True)
    thread.start()
    running = Sender(owner="test-sender")
    asyncio.run_coroutine_threadsafe(running.start(), loop).result(5)
    yield running
    asyncio.run_coroutine_threadsafe(running.stop(grace=1), loop).result(15)
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    loop.close()


def post_meta_webhook(channel: Any, payload: dict[str, Any]) -> Any:
    """POST a Meta payload signed with the channel's app secret, as Meta does."""
    raw = json.dumps(payload).encode()
    signature = hmac.new(channel.app_secret.encode(), raw, hashlib.sha256).hexdigest()
    return Client().post(
        "/webhooks/meta/",
        data=raw,
        content_type="application/json",
        HTTP_X_HUB_SIGNATURE_256=f"sha256={signature}",
    )


def meta_status(channel: Any, wamid: str, status: str, *, to: str, ref: str = "") -> dict[str, Any]:
    item: dict[str, Any] = {
        "id": wamid,
        "status": status,
        "timestamp": str(int(time.time())),
        "recipient_id": to,
    }
    if ref:
        item["biz_opaque_callback_data"] = ref
    value = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": channel.display_phone_number,
            "phone_number_id": channel.phone_number_id,
        },
        "statuses": [item],
    }
    change = {"value": value, "field": "messages"}
    return {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]}


def evolution_echo(channel: Any, key_id: str, *, to: str, text: str) -> dict[str, Any]:
    """Evolution's `send.message` for a text we sent through its API."""
    return {
        "event": "send.message",
        "instance": channel.instance,
        "apikey": channel.api_key,
        "data": {
            "key": {"remoteJid": to, "fromMe": True, "id": key_id},
            "pushName": "Você",
            "status": "PENDING",
            "message": {"conversation": text},
            "messageType": "conversation",
            "messageTimestamp": int(time.time()),
            "source": "web",
        },
    }
