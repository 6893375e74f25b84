"""`POST /api/chats/{id}/read/`: clears the caller's unread count, and only theirs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.test import APIClient

from multichat.chats.models import ChatReadState
from multichat.realtime.models import Event
from tests.chats.world import World, chat_with_messages

ClientFor = Callable[[Any], APIClient]
Events = Callable[[], list[dict[str, Any]]]


def _unread(client: APIClient) -> list[int]:
    return [chat["unread_count"] for chat in client.get("/api/chats/").json()["results"]]


def test_read_answers_the_chat_with_zero_unread(world: World, api_client_for: ClientFor) -> None:
    chat = chat_with_messages(world.main, count=3)
    response = api_client_for(world.bruno.user).post(f"/api/chats/{chat.id}/read/")
    assert response.status_code == 200
    assert response.json()["id"] == chat.id
    assert response.json()["unread_count"] == 0
    state = ChatReadState.objects.get(chat=chat, user=world.bruno.user)
    assert state.read_inbound_count == 3


def test_read_clears_only_the_callers_unread_count(world: World, api_client_for: ClientFor) -> None:
    chat = chat_with_messages(world.main, count=3)
    bruno, carla = api_client_for(world.bruno.user), api_client_for(world.carla.user)
    bruno.post(f"/api/chats/{chat.id}/read/")
    assert _unread(bruno) == [0]
    assert _unread(carla) == [3]


def test_new_inbound_after_a_read_counts_again(world: World, api_client_for: ClientFor) -> None:
    chat = chat_with_messages(world.main, count=3)
    bruno = api_client_for(world.bruno.user)
    bruno.post(f"/api/chats/{chat.id}/read/")
    chat.inbound_count += 2
    chat.save()
    assert _unread(bruno) == [2]


def test_read_is_announced_as_chat_update_to_the_reader_only(
    world: World, api_client_for: ClientFor, published_events: Events
) -> None:
    chat = chat_with_messages(world.main, count=3)
    api_client_for(world.bruno.user).post(f"/api/chats/{chat.id}/read/")
    [update] = published_events()
    assert update["type"] == "chat_update"
    assert update["chat_id"] == chat.chat_id
    assert update["data"]["id"] == chat.id
    event = Event.objects.get(type="chat_update")
    assert event.user_id == world.bruno.user.pk
    assert event.personal == {str(world.bruno.user.pk): {"unread_count": 0}}


def test_reading_an_already_read_chat_announces_nothing(
    world: World, api_client_for: ClientFor, published_events: Events
) -> None:
    chat = chat_with_messages(world.main, count=3)
    client = api_client_for(world.bruno.user)
    client.post(f"/api/chats/{chat.id}/read/")
    announced = len(published_events())
    response = client.post(f"/api/chats/{chat.id}/read/")
    assert response.status_code == 200
    assert len(published_events()) == announced
    assert ChatReadState.objects.filter(chat=chat).count() == 1


def test_reading_a_chat_of_another_channel_is_404_and_stores_nothing(
    world: World, api_client_for: ClientFor
) -> None:
    chat = chat_with_messages(world.sales, count=3)
    response = api_client_for(world.bruno.user).post(f"/api/chats/{chat.id}/read/")
    assert response.status_code == 404
    assert not ChatReadState.objects.exists()
