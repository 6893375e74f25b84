"""Provider failures: transient ones are retried with backoff, others fail at once;
a failed message is sent again through `POST /api/messages/{id}/retry/`."""

from __future__ import annotations

import time
from typing import Any

from multichat.chats.models import Message, OutboundSend
from multichat.outbound.clients.base import retry_after_seconds
from tests.chats.world import World
from tests.outbound.fake_providers import FakeProviders, Plan
from tests.outbound.helpers import open_chat, post_text, wait_status

META_REFUSAL = {
    "error": {
        "message": "(#131030) Recipient phone number not in allowed list",
        "type": "OAuthException",
        "code": 131030,
        "fbtrace_id": "AbCdEf",
    }
}


def test_5xx_429_and_dropped_connections_are_retried_until_one_send_succeeds(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    fake.plan(
        Plan("error", 503, {"error": {"message": "Service unavailable", "code": 2}}),
        Plan(
            "error", 429, {"error": {"message": "Rate limit", "code": 130429}}, {"Retry-After": "0"}
        ),
        Plan("drop"),
        Plan("ok"),
    )
    chat = open_chat(shop.main)
    body = post_text(api_client_for(shop.bruno.user), chat, "Tudo certo?")
    sent = wait_status(body["id"], "sent")
    assert len(fake.sends()) == 4
    assert len(fake.accepted) == 1
    assert sent.provider_message_id == fake.accepted[0].provider_id
    assert OutboundSend.objects.get(pk=body["id"]).attempts == 4


def test_retry_after_is_honoured(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    fake.plan(Plan("error", 429, {"error": {"message": "slow down"}}, {"Retry-After": "1"}))
    chat = open_chat(shop.sales)
    started = time.monotonic()
    body = post_text(api_client_for(shop.ana.user), chat, "oi")
    wait_status(body["id"], "sent")
    assert time.monotonic() - started >= 1.0
    assert len(fake.accepted) == 1


def test_retry_after_takes_seconds_or_an_http_date() -> None:
    assert retry_after_seconds("7") == 7.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:10 GMT", now=1445412480.0) == 10.0
    assert retry_after_seconds("soon") is None


def test_a_4xx_fails_at_once_with_the_providers_error_announced(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any, published_events: Any
) -> None:
    fake.plan(Plan("error", 400, META_REFUSAL))
    chat = open_chat(shop.main)
    body = post_text(api_client_for(shop.bruno.user), chat, "Olá")
    failed = wait_status(body["id"], "failed")
    assert len(fake.sends()) == 1
    assert failed.error == {
        "code": "meta_131030",
        "detail": "(#131030) Recipient phone number not in allowed list",
        "http_status": 400,
        "provider_error": META_REFUSAL,
    }
    [status] = [e for e in published_events() if e["type"] == "message_status"]
    assert status["data"] == {
        "id": body["id"],
        "provider_message_id": None,
        "status": "failed",
        "error": failed.error,
    }


def test_transient_errors_fail_the_message_after_the_last_attempt(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    fake.plan(*[Plan("error", 500, {"status": 500, "error": "Internal Server Error"})] * 4)
    chat = open_chat(shop.sales)
    body = post_text(api_client_for(shop.ana.user), chat, "Olá")
    failed = wait_status(body["id"], "failed")
    assert len(fake.sends()) == 4  # OUTBOUND_MAX_ATTEMPTS in the tests
    assert failed.error is not None and failed.error["http_status"] == 500


def test_retry_endpoint_sends_a_failed_message_again(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any, published_events: Any
) -> None:
    fake.plan(Plan("error", 400, META_REFUSAL))
    chat = open_chat(shop.main)
    client = api_client_for(shop.bruno.user)
    body = post_text(client, chat, "Olá")
    wait_status(body["id"], "failed")
    response = client.post(f"/api/messages/{body['id']}/retry/")
    assert response.status_code == 200
    assert response.json()["status"] in ("pending", "sent")
    sent = wait_status(body["id"], "sent")
    assert len(fake.sends()) == 2 and len(fake.accepted) == 1
    assert sent.error is None and sent.provider_message_id == fake.accepted[0].provider_id
    statuses = [e["data"]["status"] for e in published_events() if e["type"] == "message_status"]
    assert statuses == ["failed", "pending", "sent"]


def test_retry_endpoint_refuses_what_is_not_a_failed_inbox_message(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    chat = open_chat(shop.main)
    client = api_client_for(shop.bruno.user)
    body = post_text(client, chat, "Olá")
    wait_status(body["id"], "sent")
    response = client.post(f"/api/messages/{body['id']}/retry/")
    assert response.status_code == 409
    assert response.json()["error"] == "conflict"
    inbound = Message.objects.filter(chat=chat, from_me=False).first()
    assert inbound is not None
    assert client.post(f"/api/messages/{inbound.id}/retry/").status_code == 409


def test_retry_endpoint_hides_messages_the_caller_may_not_see(
    shop: World, fake: FakeProviders, api_client_for: Any
) -> None:
    chat = open_chat(shop.sales)  # bruno is an agent of `main` only
    message = Message.objects.filter(chat=chat).first()
    assert message is not None
    response = api_client_for(shop.bruno.user).post(f"/api/messages/{message.id}/retry/")
    assert response.status_code == 404
    assert response.json()["error"] == "not_found"
    assert api_client_for(shop.bruno.user).post("/api/messages/999999/retry/").status_code == 404
