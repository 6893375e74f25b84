"""Webhooks racing the send call, and repeated requests: one row, one send, always."""

from __future__ import annotations

from typing import Any

from django.test import Client

from multichat.chats.models import Message
from tests.chats.world import World
from tests.outbound.conftest import evolution_echo, meta_status, post_meta_webhook
from tests.outbound.fake_providers import FakeProviders, Plan
from tests.outbound.helpers import open_chat, post_text, wait_finished, wait_status


def test_meta_status_before_the_send_answer_is_kept_and_applied(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    fake.plan(Plan("hold"))
    chat = open_chat(shop.main)
    body = post_text(api_client_for(shop.bruno.user), chat, "Seu pedido saiu")
    [request] = fake.wait_received(1)
    # Without our reference (a status without biz_opaque_callback_data): kept as early.
    payload = meta_status(shop.main, request.provider_id, "delivered", to=chat.chat_id)
    assert post_meta_webhook(shop.main, payload).status_code == 200
    assert Message.objects.get(pk=body["id"]).status == "pending"
    fake.release.set()
    wait_finished(body["id"])
    message = Message.objects.get(pk=body["id"])
    assert (message.provider_message_id, message.status) == (request.provider_id, "delivered")
    assert Message.objects.filter(chat=chat, from_me=True).count() == 1


def test_meta_status_naming_our_message_links_it_before_the_answer(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    fake.plan(Plan("hold"))
    chat = open_chat(shop.main)
    body = post_text(api_client_for(shop.bruno.user), chat, "Seu pedido saiu")
    [request] = fake.wait_received(1)
    ref = request.json["biz_opaque_callback_data"]
    payload = meta_status(shop.main, request.provider_id, "sent", to=chat.chat_id, ref=ref)
    assert post_meta_webhook(shop.main, payload).status_code == 200
    linked = Message.objects.get(pk=body["id"])
    assert (linked.provider_message_id, linked.status) == (request.provider_id, "sent")
    fake.release.set()  # the answer now names the id that is already stored
    wait_finished(body["id"])
    assert Message.objects.filter(chat=chat, from_me=True).count() == 1
    assert Message.objects.get(pk=body["id"]).provider_message_id == request.provider_id


def test_evolution_echo_before_the_send_answer_is_the_same_message(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any, published_events: Any
) -> None:
    fake.plan(Plan("hold"))
    chat = open_chat(shop.sales)
    body = post_text(api_client_for(shop.ana.user), chat, "Temos horário amanhã")
    [request] = fake.wait_received(1)
    echo = evolution_echo(
        shop.sales, request.provider_id, to=chat.chat_id, text="Temos horário amanhã"
    )
    response = Client().post("/webhooks/evolution/", echo, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["stored"] == 0
    fake.release.set()
    wait_finished(body["id"])
    message = Message.objects.get(pk=body["id"])
    assert (message.provider_message_id, message.status) == (request.provider_id, "sent")
    assert Message.objects.filter(chat=chat, from_me=True).count() == 1
    new_messages = [e for e in published_events() if e["type"] == "new_message"]
    assert [e["data"]["id"] for e in new_messages] == [body["id"]]


def test_an_echo_of_a_message_typed_on_the_phone_is_not_linked_to_a_queued_send(
    shop: World, fake: FakeProviders, api_client_for: Any
) -> None:
    chat = open_chat(shop.sales)  # no sender running: the send stays queued, not in flight
    body = post_text(api_client_for(shop.ana.user), chat, "ok")
    echo = evolution_echo(shop.sales, "3EB0PHONE0001", to=chat.chat_id, text="ok")
    echo["event"] = "messages.upsert"
    assert (
        Client()
        .post("/webhooks/evolution/", echo, content_type="application/json")
        .json()["stored"]
        == 1
    )
    assert Message.objects.get(pk=body["id"]).provider_message_id is None


def test_the_same_idempotency_key_returns_the_first_message_and_sends_once(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    chat = open_chat(shop.main)
    client = api_client_for(shop.bruno.user)
    url = f"/api/chats/{chat.id}/messages/"
    payload = {"type": "text", "content": "Só uma vez"}
    first = client.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-123")
    second = client.post(url, payload, format="json", HTTP_IDEMPOTENCY_KEY="k-123")
    third = client.post(url, {**payload, "client_id": "k-123"}, format="json")
    assert (first.status_code, second.status_code, third.status_code) == (201, 200, 200)
    assert first.json()["id"] == second.json()["id"] == third.json()["id"]
    assert first.json()["client_id"] == "k-123"
    wait_status(first.json()["id"], "sent")
    assert len(fake.sends()) == 1
    clash = client.post(
        url, {**payload, "client_id": "other"}, format="json", HTTP_IDEMPOTENCY_KEY="k-123"
    )
    assert clash.status_code == 400
