"""Shared bits of the Meta adapter tests: fixture loading and expected-value builders."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from multichat.chats.inbound import ChatRef, ContactInfo, IncomingMessage

FIXTURES = Path(__file__).resolve().parents[4] / "multichat/webhooks/providers/meta/fixtures"
CHANNEL = "110000000000001"
MARIA = "5511987654321"
JOAO = "5521998877665"
OUR_NUMBER = "5511940001234"
MARIA_CHAT = ChatRef(chat_id=MARIA)
MARIA_CONTACT = ContactInfo(jid=MARIA, phone=MARIA, name="Maria Silva")
JOAO_CHAT = ChatRef(chat_id=JOAO)
JOAO_CONTACT = ContactInfo(jid=JOAO, phone=JOAO, name="João Souza")


def raw_fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def load_fixture(name: str) -> Any:
    return json.loads(raw_fixture(name))


def at(iso: str) -> datetime:
    """`"2025-07-01T12:00:00Z"` as an aware UTC datetime."""
    return datetime.fromisoformat(iso)


def from_maria(provider_message_id: str, type_: Any, when: str, **fields: Any) -> IncomingMessage:
    """An inbound message from the Maria Silva of most fixtures, overridable per field."""
    values: dict[str, Any] = {
        "chat": MARIA_CHAT,
        "from_me": False,
        "origin": "customer",
        "sender": MARIA,
        "sender_name": "Maria Silva",
        "contact": MARIA_CONTACT,
    }
    values.update(fields)
    return IncomingMessage(
        provider_message_id=provider_message_id, type=type_, timestamp=at(when), **values
    )


def from_joao(provider_message_id: str, type_: Any, when: str, **fields: Any) -> IncomingMessage:
    fields = {
        "chat": JOAO_CHAT,
        "sender": JOAO,
        "sender_name": "João Souza",
        "contact": JOAO_CONTACT,
        **fields,
    }
    return from_maria(provider_message_id, type_, when, **fields)
