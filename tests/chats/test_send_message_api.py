"""`POST /api/chats/{id}/messages/`: a pending outbound message, stored and announced once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from multichat.chats.models import Chat, Message
from tests.chats.world import World, chat_with_messages

ClientFor = Callable[[Any], APIClient]
Events = Callable[[], list[dict[str, Any]]]


def _open_chat(channel: Any, **kw: Any) -> Chat:
    """A chat whose customer wrote just now: inside Meta's 24 h reply window."""
    return chat_with_messages(channel, at=timezone.now(), **kw)


def _url(chat: Chat) -> str:
    return f"/api/chats/{chat.id}/messages/"


def test_posted_text_is_stored_pending_and_answered_201(
    world: World, api_client_for: ClientFor
) -> None:
    chat = _open_chat(world.main, count=2)
    before = timezone.now()
    response = api_client_for(world.bruno.user).post(
        _url(chat), {"type": "text", "content": "Olá, tudo bem?"}, format="json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["status"] == "pending"
    assert body["from_me"] is True
    assert body["provider_message_id"] is None
    assert body["content"] == "Olá, tudo bem?"
    assert body["type"] == "text"
    assert body["chat"] == chat.id
    assert body["reactions"] == []
    stored = Message.objects.get(pk=body["id"])
    assert stored.origin == "inbox"
    assert stored.sent_by == world.bruno.user
    assert stored.timestamp >= before


def test_posting_updates_the_chat_but_not_its_inbound_count(
    world: World, api_client_for: ClientFor
) -> None:
    chat = _open_chat(world.main, count=2)
    body = (
        api_client_for(world.bruno.user)
        .post(_url(chat), {"type": "text", "content": "oi"}, format="json")
        .json()
    )
    chat.refresh_from_db()
    assert chat.message_count == 3
    assert chat.inbound_count == 2
    assert chat.last_message_id == body["id"]
    assert chat.last_message_at == chat.last_activity_at
    listed = api_client_for(world.bruno.user).get("/api/chats/").json()["results"][0]
    assert listed["last_message"]["id"] == body["id"]
    assert listed["unread_count"] == 2


def test_posting_announces_the_new_message_and_the_chat(
    world: World, api_client_for: ClientFor, published_events: Events
) -> None:
    chat = _open_chat(world.main)
    body = (
        api_client_for(world.bruno.user)
        .post(_url(chat), {"type": "text", "content": "oi"}, format="json")
        .json()
    )
    events = published_events()
    assert [e["type"] for e in events] == ["new_message", "chat_update"]
    assert events[0]["data"] == body
    assert events[0]["chat_id"] == chat.chat_id
    assert events[1]["data"]["last_message"]["id"] == body["id"]
    assert events[1]["data"]["message_count"] == 2


def test_repeated_client_id_returns_the_first_message_and_announces_nothing(
    world: World, api_client_for: ClientFor, published_events: Events
) -> None:
    chat = _open_chat(world.main)
    client = api_client_for(world.bruno.user)
    payload = {"type": "text", "content": "oi", "client_id": "tab-1-0001"}
    first = client.post(_url(chat), payload, format="json")
    announced = len(published_events())
    again = client.post(_url(chat), payload, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert first.json()["client_id"] == "tab-1-0001"
    assert Message.objects.filter(chat=chat, from_me=True).count() == 1
    assert len(published_events()) == announced
    chat.refresh_from_db()
    assert chat.message_count == 2


def test_blank_client_id_is_no_client_id(world: World, api_client_for: ClientFor) -> None:
    chat = _open_chat(world.main)
    client = api_client_for(world.bruno.user)
    payload = {"type": "text", "content": "oi", "client_id": ""}
    first = client.post(_url(chat), payload, format="json")
    second = client.post(_url(chat), payload, format="json")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["client_id"] is None
    assert chat.messages.filter(from_me=True).count() == 2


def test_same_client_id_on_another_chat_is_another_message(
    world: World, api_client_for: ClientFor
) -> None:
    client = api_client_for(world.ana.user)
    payload = {"type": "text", "content": "oi", "client_id": "same"}
    first = client.post(_url(_open_chat(world.main)), payload, format="json")
    second = client.post(_url(_open_chat(world.sales)), payload, format="json")
    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]


@pytest.mark.parametrize(
    "payload",
    [
        {"type": "image", "content": "oi"},
        {"content": "oi"},
        {"type": "text"},
        {"type": "text", "content": "   \n "},
        {"type": "text", "content": "x" * 4097},
        {"type": "text", "content": 42},
        {"type": "text", "content": ["oi"]},
        {"type": "text", "content": "oi", "client_id": 7},
        ["text", "oi"],
    ],
    ids=[
        "not-text", "no-type", "no-content", "blank-content", "too-long",
        "number-content", "list-content", "number-client-id", "not-an-object",
    ],
)  # fmt: skip
def test_invalid_message_gets_400_json_and_stores_nothing(
    world: World, api_client_for: ClientFor, published_events: Events, payload: object
) -> None:
    chat = _open_chat(world.main)
    response = api_client_for(world.bruno.user).post(_url(chat), payload, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
    assert chat.messages.count() == 1
    assert published_events() == []


def test_broken_json_gets_400_json(world: World, api_client_for: ClientFor) -> None:
    chat = _open_chat(world.main)
    response = api_client_for(world.bruno.user).post(
        _url(chat), '{"type": "text", "content": ', content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"] == "parse_error"


def test_longest_allowed_text_is_accepted(world: World, api_client_for: ClientFor) -> None:
    chat = _open_chat(world.main)
    response = api_client_for(world.bruno.user).post(
        _url(chat), {"type": "text", "content": "x" * 4096}, format="json"
    )
    assert response.status_code == 201


def test_agent_cannot_post_to_a_channel_it_was_not_given(
    world: World, api_client_for: ClientFor, published_events: Events
) -> None:
    chat = _open_chat(world.sales)
    response = api_client_for(world.bruno.user).post(
        _url(chat), {"type": "text", "content": "oi"}, format="json"
    )
    assert response.status_code == 404
    assert chat.messages.count() == 1
    assert published_events() == []
