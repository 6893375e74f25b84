"""Fixtures for the media tests: a fake provider on loopback, a tenant whose channels
point at it, and messages stored the real way (webhooks posted to a real server)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from multichat.chats.models import Message
from multichat.tenants.models import Agent, Channel
from tests.factories import (
    AgentFactory,
    EvolutionChannelFactory,
    MetaChannelFactory,
    TenantFactory,
    token_for,
)
from tests.media.fake_provider import FakeProvider, Reply
from tests.realtime.test_sse_support import server_connections_released

__all__ = ["server_connections_released"]

META_TOKEN = "meta-secret-access-token-XYZ"
EVO_KEY = "evolution-secret-api-key-XYZ"
CUSTOMER = "5511987654321"


@dataclass
class Shop:
    """acme: a Meta and an Evolution channel, an admin, an agent of the Meta channel only.
    globex: another tenant with its own admin."""

    url: str
    provider: FakeProvider
    meta: Channel
    evolution: Channel
    admin: Agent
    meta_agent: Agent
    foreign_admin: Agent


@pytest.fixture
def media_dir(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_CACHE_DIR = tmp_path / "media-cache"
    settings.MEDIA_CACHE_MAX_BYTES = 1024 * 1024
    settings.MEDIA_MAX_FILE_BYTES = 256 * 1024
    settings.MEDIA_FETCH_TIMEOUT_SECONDS = 5.0
    return Path(settings.MEDIA_CACHE_DIR)


@pytest.fixture
def provider() -> Iterator[FakeProvider]:
    fake = FakeProvider()
    fake.start()
    yield fake
    fake.stop()


@pytest.fixture
def shop(asgi_server: str, provider: FakeProvider, media_dir: Path) -> Shop:
    acme = TenantFactory(slug="acme")
    meta = MetaChannelFactory(
        tenant=acme, access_token=META_TOKEN, api_base_url=f"{provider.url}/v21.0"
    )
    evolution = EvolutionChannelFactory(tenant=acme, api_key=EVO_KEY, api_base_url=provider.url)
    globex = TenantFactory(slug="globex")
    return Shop(
        url=asgi_server,
        provider=provider,
        meta=meta,
        evolution=evolution,
        admin=AgentFactory(tenant=acme, role="admin"),
        meta_agent=AgentFactory(tenant=acme, channels=[meta]),
        foreign_admin=AgentFactory(tenant=globex, role="admin"),
    )


def auth(agent: Agent) -> dict[str, str]:
    return {"Authorization": f"Bearer {token_for(agent.user)}"}


def get_media(shop: Shop, message: Message, agent: Agent, **headers: str) -> httpx.Response:
    return httpx.get(
        f"{shop.url}/api/messages/{message.pk}/media/",
        headers={**auth(agent), **headers},
        timeout=30,
    )


def sha256_b64(data: bytes) -> str:
    return base64.b64encode(hashlib.sha256(data).digest()).decode()


def meta_media_message(
    shop: Shop,
    wamid: str,
    media_id: str,
    *,
    kind: str = "image",
    extra: dict[str, Any] | None = None,
) -> Message:
    """Post a signed Meta webhook with one media message; return the stored row."""
    media = {"mime_type": "image/jpeg", "sha256": "", "id": media_id, **(extra or {})}
    message: dict[str, Any] = {
        "from": CUSTOMER,
        "id": wamid,
        "timestamp": str(int(time.time())),
        "type": kind,
    }
    message[kind] = media
    value = {
        "messaging_product": "whatsapp",
        "metadata": {
            "display_phone_number": shop.meta.display_phone_number,
            "phone_number_id": shop.meta.phone_number_id,
        },
        "contacts": [{"profile": {"name": "Maria"}, "wa_id": CUSTOMER}],
        "messages": [message],
    }
    payload = {
        "object": "whatsapp_business_account",
        "entry": [{"id": "1", "changes": [{"field": "messages", "value": value}]}],
    }
    body = json.dumps(payload).encode()
    signature = hmac.new(shop.meta.app_secret.encode(), body, hashlib.sha256).hexdigest()
    response = httpx.post(
        f"{shop.url}/webhooks/meta/",
        content=body,
        headers={"Content-Type": "application/json", "X-Hub-Signature-256": f"sha256={signature}"},
        timeout=10,
    )
    assert response.status_code == 200, response.text
    return Message.objects.get(channel=shop.meta, provider_message_id=wamid)


def evolution_media_message(
    shop: Shop,
    key_id: str,
    *,
    content_key: str = "imageMessage",
    fields: dict[str, Any] | None = None,
    inline: bytes | None = None,
) -> Message:
    """Post an Evolution `messages.upsert` with one media message (the file inline when
    `inline` is given, as with the webhook_base64 option); return the stored row."""
    message: dict[str, Any] = {
        content_key: {"mimetype": "image/jpeg", "url": "https://mmg.whatsapp.net/x.enc"}
        | (fields or {})
    }
    if inline is not None:
        message["base64"] = base64.b64encode(inline).decode()
    data = {
        "key": {"remoteJid": f"{CUSTOMER}@s.whatsapp.net", "fromMe": False, "id": key_id},
        "pushName": "Maria",
        "message": message,
        "messageType": content_key,
        "messageTimestamp": int(time.time()),
    }
    payload = {
        "event": "messages.upsert",
        "instance": shop.evolution.instance,
        "apikey": shop.evolution.api_key,
        "data": data,
    }
    response = httpx.post(f"{shop.url}/webhooks/evolution/", json=payload, timeout=10)
    assert response.status_code == 200, response.text
    return Message.objects.get(channel=shop.evolution, provider_message_id=key_id)


def serve_meta_file(
    provider: FakeProvider,
    media_id: str,
    data: bytes,
    *,
    mime_type: str = "image/jpeg",
    delay: float = 0.0,
    file_size: int | str | None = None,
) -> str:
    """Route Meta's lookup of `media_id` and its download URL; return the URL path."""
    path = f"/whatsapp_business/attachments/?mid={media_id}&ext=1751371800&hash=ATsig"
    lookup = {
        "messaging_product": "whatsapp",
        "url": f"{provider.url}{path}",
        "mime_type": mime_type,
        "sha256": hashlib.sha256(data).hexdigest(),
        "file_size": str(len(data)) if file_size is None else file_size,
        "id": media_id,
    }
    provider.route("GET", f"/v21.0/{media_id}", Reply.json(lookup))
    provider.route("GET", path, Reply(body=data, headers={"Content-Type": mime_type}, delay=delay))
    return path


def serve_evolution_file(
    shop: Shop, data: bytes, *, mime_type: str = "image/jpeg", delay: float = 0.0
) -> None:
    answer = {
        "mediaType": "imageMessage",
        "fileName": "file.jpg",
        "size": {"fileLength": len(data)},
        "mimetype": mime_type,
        "base64": base64.b64encode(data).decode(),
    }
    shop.provider.route(
        "POST",
        f"/chat/getBase64FromMediaMessage/{shop.evolution.instance}",
        Reply.json(answer, status=201, delay=delay),
    )
