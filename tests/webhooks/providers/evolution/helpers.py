"""Load Evolution fixtures and run them through the adapter, for the tests of this folder."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from multichat.chats.inbound import WebhookItem
from multichat.webhooks.providers.evolution import parse_evolution_event, read_envelope

FIXTURES = Path(__file__).resolve().parents[4] / "multichat/webhooks/providers/evolution/fixtures"
# When the test pretends the webhook arrived: 2025-07-01 12:30:00 UTC.
RECEIVED = datetime(2025, 7, 1, 12, 30, tzinfo=UTC)
INSTANCE_ID = "5f3c1b2a-8d4e-4f6a-9b7c-2e1d0a9f8c71"
MARIA = "5511987654321@s.whatsapp.net"
MARIA_LID = "112233445566778@lid"
JOAO = "5521998877665@s.whatsapp.net"
JOAO_LID = "201234567890123@lid"
GROUP = "120363025246125888@g.us"


def load(name: str) -> dict[str, Any]:
    """The fixture `name` as the view would hand it over (already `json.loads`-ed)."""
    data: dict[str, Any] = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data


def parse_payload(
    payload: Any, *, slug: str | None = None, received_at: datetime = RECEIVED
) -> list[WebhookItem]:
    return parse_evolution_event(read_envelope(payload, slug), received_at=received_at)


def parse(name: str, *, received_at: datetime = RECEIVED) -> list[WebhookItem]:
    """Every item the adapter makes of fixture `name`."""
    return parse_payload(load(name), received_at=received_at)


def parse_one(name: str, *, received_at: datetime = RECEIVED) -> WebhookItem:
    """The single item of fixture `name` (fails when there is not exactly one)."""
    items = parse(name, received_at=received_at)
    assert len(items) == 1, items
    return items[0]


def upsert(
    message: dict[str, Any],
    *,
    key: dict[str, Any] | None = None,
    event: str = "messages.upsert",
    **data: Any,
) -> dict[str, Any]:
    """A small `messages.upsert` envelope around `message` (Maria's 1:1 chat by default)."""
    record: dict[str, Any] = {
        "key": key or {"remoteJid": MARIA, "fromMe": False, "id": "3AINLINE0000000000001"},
        "pushName": "Maria Silva",
        "status": "DELIVERY_ACK",
        "message": message,
        "messageTimestamp": 1751371210,
    }
    record.update(data)
    return {"event": event, "instance": "loja-centro", "data": record, "apikey": None}


def envelope(event: str, data: Any) -> dict[str, Any]:
    return {"event": event, "instance": "loja-centro", "data": data}
