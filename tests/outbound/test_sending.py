"""A reply typed in the inbox reaches the provider once and becomes `sent` with its id."""

from __future__ import annotations

from typing import Any

from multichat.chats.models import Message
from tests.chats.world import World
from tests.outbound.fake_providers import META_TOKEN, FakeProviders
from tests.outbound.helpers import open_chat, post_text, wait_finished, wait_status


def test_meta_reply_is_sent_once_with_its_wamid_stored_and_announced(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any, published_events: Any
) -> None:
    chat = open_chat(shop.main)
    quoted = Message.objects.filter(chat=chat).first()
    assert quoted is not None
    body = post_text(
        api_client_for(shop.bruno.user),
        chat,
        "Olá! Já vou ver.",
        reply_to=quoted.provider_message_id,
    )
    sent = wait_status(body["id"], "sent")
    [request] = fake.sends()
    assert request.path == f"/v21.0/{shop.main.phone_number_id}/messages"
    assert request.headers["authorization"] == f"Bearer {META_TOKEN}"
    assert request.json == {
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": chat.chat_id,
        "biz_opaque_callback_data": f"mc:{body['id']}",
        "context": {"message_id": quoted.provider_message_id},
        "type": "text",
        "text": {"preview_url": False, "body": "Olá! Já vou ver."},
    }
    assert sent.provider_message_id == request.provider_id
    assert sent.reply_to == quoted.provider_message_id
    wait_finished(body["id"])
    statuses = [e for e in published_events() if e["type"] == "message_status"]
    assert [s["data"] for s in statuses] == [
        {
            "id": body["id"],
            "provider_message_id": request.provider_id,
            "status": "sent",
            "error": None,
        }
    ]


def test_evolution_reply_is_sent_once_with_its_key_id_stored(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    chat = open_chat(shop.sales)
    quoted = Message.objects.filter(chat=chat).first()
    assert quoted is not None
    body = post_text(
        api_client_for(shop.ana.user), chat, "Temos sim!", reply_to=quoted.provider_message_id
    )
    sent = wait_status(body["id"], "sent")
    [request] = fake.sends()
    assert request.path == f"/message/sendText/{shop.sales.instance}"
    assert request.headers["apikey"] == shop.sales.api_key
    assert request.json == {
        "number": chat.chat_id,
        "text": "Temos sim!",
        "quoted": {"key": {"id": quoted.provider_message_id}},
    }
    assert sent.provider_message_id == request.provider_id


def test_status_webhooks_after_the_send_move_the_same_row_forward(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    from tests.outbound.conftest import meta_status, post_meta_webhook

    chat = open_chat(shop.main)
    body = post_text(api_client_for(shop.bruno.user), chat, "Pedido confirmado")
    sent = wait_status(body["id"], "sent")
    for status in ("delivered", "read"):
        payload = meta_status(shop.main, sent.provider_message_id or "", status, to=chat.chat_id)
        assert post_meta_webhook(shop.main, payload).status_code == 200
    assert Message.objects.get(pk=body["id"]).status == "read"
    assert Message.objects.filter(chat=chat, from_me=True).count() == 1


def test_queued_sends_go_out_one_request_each(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    chat = open_chat(shop.sales)
    client = api_client_for(shop.ana.user)
    ids = [post_text(client, chat, f"linha {i}")["id"] for i in range(6)]
    for message_id in ids:
        wait_status(message_id, "sent")
    texts = sorted(r.json["text"] for r in fake.sends())
    assert texts == sorted(f"linha {i}" for i in range(6))


def test_send_calls_are_counted_in_the_metrics(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    from django.test import Client

    def accepted() -> float:
        text = Client().get("/metrics").content.decode()
        line = 'multichat_outbound_attempts_total{outcome="accepted",provider="evolution"}'
        values = [float(row.split()[-1]) for row in text.splitlines() if row.startswith(line)]
        return values[0] if values else 0.0

    before = accepted()
    body = post_text(api_client_for(shop.ana.user), open_chat(shop.sales), "oi")
    wait_status(body["id"], "sent")
    assert accepted() == before + 1
    assert "multichat_outbound_send_seconds_bucket" in Client().get("/metrics").content.decode()
