"""`GET /api/chats/{id}/messages/`: newest page first, chronological within a page."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from tests.chats.world import BASE_TIME, World, chat_with_messages, react
from tests.factories import MessageFactory

ClientFor = Callable[[Any], APIClient]

MESSAGE_KEYS = {
    "id", "chat", "chat_id", "provider_message_id", "type", "content", "timestamp", "sender",
    "from_me", "status", "media", "reply_to", "reactions", "edited_at", "deleted",
}  # fmt: skip


def test_first_page_is_the_newest_messages_in_chronological_order(
    world: World, api_client_for: ClientFor
) -> None:
    chat = chat_with_messages(world.main, count=5)
    ordered = list(chat.messages.order_by("timestamp", "id").values_list("id", flat=True))
    body = (
        api_client_for(world.bruno.user).get(f"/api/chats/{chat.id}/messages/?page_size=3").json()
    )
    assert [m["id"] for m in body["results"]] == ordered[2:]
    assert body["next"] is not None
    message = body["results"][0]
    assert set(message) >= MESSAGE_KEYS
    assert message["chat"] == chat.id
    assert message["chat_id"] == chat.chat_id


def test_next_links_lead_to_older_messages_each_once(
    world: World, api_client_for: ClientFor
) -> None:
    chat = chat_with_messages(world.main, count=0)
    # Several messages share one second, so (timestamp, id) ties cross page boundaries.
    for offset in (0, 1, 1, 1, 2, 3, 3, 5):
        MessageFactory(chat=chat, timestamp=BASE_TIME + timedelta(seconds=offset))
    expected = list(chat.messages.order_by("timestamp", "id").values_list("id", flat=True))
    client = api_client_for(world.bruno.user)
    pages: list[list[int]] = []
    url: str | None = f"/api/chats/{chat.id}/messages/?page_size=3"
    while url:
        body = client.get(url).json()
        pages.append([m["id"] for m in body["results"]])
        url = body["next"]
    assert [len(page) for page in pages] == [3, 3, 2]
    for page in pages:
        assert page == [i for i in expected if i in page]  # chronological within the page
    assert [i for page in reversed(pages) for i in page] == expected


def test_reactions_are_listed_on_their_message(world: World, api_client_for: ClientFor) -> None:
    chat = chat_with_messages(world.main, count=1)
    assert chat.last_message is not None
    react(chat.last_message, "❤️")
    [message] = (
        api_client_for(world.ana.user).get(f"/api/chats/{chat.id}/messages/").json()["results"]
    )
    assert [(r["emoji"], r["from_me"]) for r in message["reactions"]] == [("❤️", False)]


def _page_queries(client: APIClient, chat_id: int) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/api/chats/{chat_id}/messages/?page_size=200")
    assert response.status_code == 200
    return len(queries)


def test_message_page_costs_the_same_queries_for_one_row_and_thirty(
    world: World, api_client_for: ClientFor
) -> None:
    client = api_client_for(world.bruno.user)
    chat = chat_with_messages(world.main, count=1)
    assert chat.last_message is not None
    react(chat.last_message)
    one_row = _page_queries(client, chat.id)
    for message in [MessageFactory(chat=chat) for _ in range(29)]:
        react(message)
    thirty_rows = _page_queries(client, chat.id)
    assert len(client.get(f"/api/chats/{chat.id}/messages/?page_size=200").json()["results"]) == 30
    assert thirty_rows == one_row
    # token+user, membership, chat, messages, reactions
    assert one_row == 5


@pytest.mark.parametrize("who", ["bruno", "dora", "gil", "nobody"])
def test_a_chat_the_caller_may_not_see_is_404_like_a_missing_one(
    world: World, api_client_for: ClientFor, who: str
) -> None:
    on_sales = chat_with_messages(world.sales)  # acme, but not one of bruno's channels
    on_main = chat_with_messages(world.main)  # acme; not globex's, not dora's
    user = {
        "bruno": world.bruno.user,
        "dora": world.dora.user,
        "gil": world.foreign_admin.user,
        "nobody": world.nobody,
    }[who]
    hidden = [on_sales.id] if who == "bruno" else [on_sales.id, on_main.id]
    missing = max(on_sales.id, on_main.id) + 1000
    client = api_client_for(user)
    for chat_id in [*hidden, missing]:
        response = client.get(f"/api/chats/{chat_id}/messages/")
        assert response.status_code == 404
        assert response.json() == {"error": "not_found", "detail": "chat not found"}
    assert set(hidden).isdisjoint(c["id"] for c in client.get("/api/chats/").json()["results"])


def test_guessing_ids_across_tenants_finds_nothing(world: World, api_client_for: ClientFor) -> None:
    foreign = [chat_with_messages(world.foreign).id for _ in range(3)]
    client = api_client_for(world.ana.user)
    statuses = {client.get(f"/api/chats/{i}/messages/").status_code for i in foreign}
    statuses |= {client.post(f"/api/chats/{i}/read/").status_code for i in foreign}
    statuses |= {
        client.post(
            f"/api/chats/{i}/messages/", {"type": "text", "content": "x"}, format="json"
        ).status_code
        for i in foreign
    }
    assert statuses == {404}
