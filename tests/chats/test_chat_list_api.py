"""`GET /api/chats/`: order, keyset pages, search, visibility and per-user unread counts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from multichat.chats.models import ChatReadState
from multichat.chats.pagination import encode_cursor
from tests.chats.world import BASE_TIME, World, chat_with_messages, react
from tests.factories import ContactFactory

ClientFor = Callable[[Any], APIClient]


def _ids(response: Any) -> list[int]:
    return [chat["id"] for chat in response.json()["results"]]


def test_chats_come_newest_activity_first_with_the_contract_shape(
    world: World, api_client_for: ClientFor
) -> None:
    older = chat_with_messages(world.main, count=2, at=BASE_TIME)
    newer = chat_with_messages(world.main, count=1, at=BASE_TIME + timedelta(minutes=5))
    response = api_client_for(world.bruno.user).get("/api/chats/")
    assert response.status_code == 200
    body = response.json()
    assert body["next"] is None
    assert _ids(response) == [newer.id, older.id]
    chat = body["results"][1]
    assert {"id", "chat_id", "channel", "name", "last_message_at", "message_count"} <= set(chat)
    assert chat["chat_id"] == older.chat_id
    assert chat["channel"] == "acme-main"
    assert chat["message_count"] == 2
    assert chat["unread_count"] == 2
    assert chat["last_message"]["id"] == older.last_message_id
    assert chat["last_message"]["chat"] == older.id


def test_ties_in_activity_are_ordered_by_newest_id(world: World, api_client_for: ClientFor) -> None:
    first = chat_with_messages(world.main, at=BASE_TIME)
    second = chat_with_messages(world.main, at=BASE_TIME)
    response = api_client_for(world.ana.user).get("/api/chats/")
    assert _ids(response) == [second.id, first.id]


def test_next_links_walk_every_chat_exactly_once_in_order(
    world: World, api_client_for: ClientFor
) -> None:
    # Seven chats, three sharing one timestamp, so ties straddle page boundaries.
    times = [BASE_TIME + timedelta(minutes=m) for m in (5, 1, 3, 3, 3, 0, 9)]
    chats = [chat_with_messages(world.main, at=at) for at in times]
    expected = [c.id for c in sorted(chats, key=lambda c: (c.last_activity_at, c.id), reverse=True)]
    client = api_client_for(world.bruno.user)
    seen: list[int] = []
    url: str | None = "/api/chats/?page_size=2"
    pages = 0
    while url:
        body = client.get(url).json()
        assert len(body["results"]) <= 2
        seen += [chat["id"] for chat in body["results"]]
        url = body["next"]
        pages += 1
    assert seen == expected
    assert pages == 4


def test_next_link_keeps_the_filters(world: World, api_client_for: ClientFor) -> None:
    for _ in range(3):
        chat_with_messages(world.main)
    body = api_client_for(world.ana.user).get("/api/chats/?page_size=1&channel=acme-main").json()
    assert body["next"].startswith("http://testserver/api/chats/?")
    assert "channel=acme-main" in body["next"]
    assert "page_size=1" in body["next"]
    assert "cursor=" in body["next"]


def test_page_size_defaults_to_50_and_is_capped_at_200(
    world: World, api_client_for: ClientFor
) -> None:
    for _ in range(51):
        chat_with_messages(world.main, count=0)
    client = api_client_for(world.ana.user)
    assert len(client.get("/api/chats/").json()["results"]) == 50
    assert len(client.get("/api/chats/?page_size=500").json()["results"]) == 51


@pytest.mark.parametrize("query", ["page_size=0", "page_size=abc", "cursor=not-a-cursor"], ids=str)
def test_malformed_list_parameters_get_400_json(
    world: World, api_client_for: ClientFor, query: str
) -> None:
    response = api_client_for(world.ana.user).get(f"/api/chats/?{query}")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


def test_search_matches_contact_name_chat_name_chat_id_and_phone_ignoring_case(
    world: World, api_client_for: ClientFor
) -> None:
    by_contact = chat_with_messages(world.main, contact__name="Maria Souza")
    by_name = chat_with_messages(world.main, name="Grupo Vendas Sul")
    by_phone = chat_with_messages(
        world.main, contact=ContactFactory(channel=world.main, jid="x@lid", phone="5511977776666")
    )
    by_chat_id = chat_with_messages(world.main, chat_id="120363999@g.us", is_group=True)
    chat_with_messages(world.main, contact__name="Outro Cliente")
    client = api_client_for(world.bruno.user)
    assert _ids(client.get("/api/chats/?q=maria")) == [by_contact.id]
    assert _ids(client.get("/api/chats/?q=VENDAS")) == [by_name.id]
    assert _ids(client.get("/api/chats/?q=77776666")) == [by_phone.id]
    assert _ids(client.get("/api/chats/?q=120363999")) == [by_chat_id.id]


def test_channel_parameter_narrows_to_that_channel(world: World, api_client_for: ClientFor) -> None:
    chat_with_messages(world.main)
    on_sales = chat_with_messages(world.sales)
    response = api_client_for(world.ana.user).get("/api/chats/?channel=acme-sales")
    assert _ids(response) == [on_sales.id]


def test_admin_sees_all_tenant_channels_and_agent_only_its_own(
    world: World, api_client_for: ClientFor
) -> None:
    on_main = chat_with_messages(world.main, at=BASE_TIME)
    on_sales = chat_with_messages(world.sales, at=BASE_TIME + timedelta(minutes=1))
    chat_with_messages(world.foreign, at=BASE_TIME + timedelta(minutes=2))
    assert _ids(api_client_for(world.ana.user).get("/api/chats/")) == [on_sales.id, on_main.id]
    assert _ids(api_client_for(world.bruno.user).get("/api/chats/")) == [on_main.id]


def test_agent_without_channels_and_user_without_membership_see_nothing(
    world: World, api_client_for: ClientFor
) -> None:
    chat_with_messages(world.main)
    for user in (world.dora.user, world.nobody):
        response = api_client_for(user).get("/api/chats/")
        assert response.status_code == 200
        assert response.json() == {"results": [], "next": None}


def test_another_tenant_channel_key_shows_nothing(world: World, api_client_for: ClientFor) -> None:
    chat_with_messages(world.foreign)
    response = api_client_for(world.ana.user).get("/api/chats/?channel=globex-main")
    assert response.json()["results"] == []


def test_a_forged_cursor_cannot_reveal_another_tenants_chat(
    world: World, api_client_for: ClientFor
) -> None:
    chat_with_messages(world.foreign, at=BASE_TIME)
    cursor = encode_cursor(BASE_TIME + timedelta(days=1), 10**9)
    response = api_client_for(world.ana.user).get(f"/api/chats/?cursor={cursor}")
    assert response.json()["results"] == []


def test_unread_count_is_each_callers_own(world: World, api_client_for: ClientFor) -> None:
    chat = chat_with_messages(world.main, count=5, inbound=4)
    ChatReadState.objects.create(
        chat=chat, user=world.bruno.user, read_inbound_count=3, read_at=BASE_TIME
    )
    [for_bruno] = api_client_for(world.bruno.user).get("/api/chats/").json()["results"]
    [for_carla] = api_client_for(world.carla.user).get("/api/chats/").json()["results"]
    assert for_bruno["unread_count"] == 1
    assert for_carla["unread_count"] == 4


def _list_queries(client: APIClient) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/api/chats/?page_size=200")
    assert response.status_code == 200
    return len(queries)


def test_chat_list_costs_the_same_queries_for_one_row_and_thirty(
    world: World, api_client_for: ClientFor
) -> None:
    client = api_client_for(world.bruno.user)
    first = chat_with_messages(world.main, count=2)
    assert first.last_message is not None
    react(first.last_message)
    one_row = _list_queries(client)
    for _ in range(29):
        chat = chat_with_messages(world.main, count=2)
        assert chat.last_message is not None
        react(chat.last_message)
        ChatReadState.objects.create(
            chat=chat, user=world.bruno.user, read_inbound_count=1, read_at=BASE_TIME
        )
    thirty_rows = _list_queries(client)
    assert len(client.get("/api/chats/?page_size=200").json()["results"]) == 30
    assert thirty_rows == one_row
    # token+user, membership, chats with unread subquery, last messages' reactions
    assert one_row == 4


def test_chat_list_never_contains_channel_secrets(world: World, api_client_for: ClientFor) -> None:
    chat_with_messages(world.main)
    chat_with_messages(world.sales)
    text = api_client_for(world.ana.user).get("/api/chats/").content.decode()
    for secret in (
        world.main.app_secret,
        world.main.verify_token,
        world.main.access_token,
        world.sales.api_key,
    ):
        assert secret not in text
