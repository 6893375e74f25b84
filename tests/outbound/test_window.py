"""Meta's 24-hour customer service window is checked when the reply is posted."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from multichat.chats.models import Message, OutboundSend
from tests.chats.world import World, chat_with_messages
from tests.factories import ChatFactory
from tests.outbound.fake_providers import FakeProviders


def _post(client: Any, chat: Any) -> Any:
    return client.post(
        f"/api/chats/{chat.id}/messages/", {"type": "text", "content": "oi"}, format="json"
    )


def test_meta_reply_after_24_hours_is_refused_with_409_and_nothing_stored(
    shop: World, fake: FakeProviders, api_client_for: Any
) -> None:
    chat = chat_with_messages(shop.main, at=timezone.now() - timedelta(hours=24, minutes=1))
    response = _post(api_client_for(shop.bruno.user), chat)
    assert response.status_code == 409
    body = response.json()
    assert body["error"] == "outside_customer_service_window"
    assert "24-hour" in body["detail"]
    assert body["details"]["last_customer_message_at"] is not None
    assert not Message.objects.filter(chat=chat, from_me=True).exists()
    assert not OutboundSend.objects.exists()


def test_meta_chat_where_the_customer_never_wrote_is_refused(
    shop: World, fake: FakeProviders, api_client_for: Any
) -> None:
    chat = ChatFactory(channel=shop.main)
    response = _post(api_client_for(shop.bruno.user), chat)
    assert response.status_code == 409
    assert response.json()["details"] == {"last_customer_message_at": None}


def test_meta_reply_within_24_hours_is_accepted(
    shop: World, fake: FakeProviders, api_client_for: Any
) -> None:
    chat = chat_with_messages(shop.main, at=timezone.now() - timedelta(hours=23, minutes=59))
    assert _post(api_client_for(shop.bruno.user), chat).status_code == 201


def test_evolution_has_no_window(shop: World, fake: FakeProviders, api_client_for: Any) -> None:
    chat = chat_with_messages(shop.sales, at=timezone.now() - timedelta(days=30))
    assert _post(api_client_for(shop.ana.user), chat).status_code == 201
