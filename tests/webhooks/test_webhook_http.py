"""Webhook endpoints over real HTTP (uvicorn): verification, bad input answered with JSON
4xx, oversize bodies refused before buffering, nothing half-stored, the server keeps
serving, and secrets never reach the logs."""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from multichat.chats.models import Message
from multichat.realtime.models import Event
from tests.factories import EvolutionChannelFactory, MetaChannelFactory

APP_SECRET = "meta-app-secret-for-tests"
EVO_KEY = "EVO-API-KEY-FOR-TESTS"


def meta_text(pid: str = "wamid.T1", phone_number_id: str = "110000000000001") -> bytes:
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "field": "messages",
                        "value": {
                            "messaging_product": "whatsapp",
                            "metadata": {
                                "display_phone_number": "5511940001234",
                                "phone_number_id": phone_number_id,
                            },
                            "contacts": [{"profile": {"name": "Maria"}, "wa_id": "5511987654321"}],
                            "messages": [
                                {
                                    "from": "5511987654321",
                                    "id": pid,
                                    "timestamp": "1751371200",
                                    "type": "text",
                                    "text": {"body": "Olá"},
                                }
                            ],
                        },
                    }
                ],
            }
        ],
    }
    return json.dumps(payload, separators=(",", ":")).encode()


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def evo_text(pid: str = "EVO1", apikey: str | None = EVO_KEY) -> dict[str, Any]:
    body = {
        "event": "messages.upsert",
        "instance": "loja-centro",
        "data": {
            "key": {"remoteJid": "5511987654321@s.whatsapp.net", "fromMe": False, "id": pid},
            "pushName": "Maria",
            "message": {"conversation": "Olá"},
            "messageType": "conversation",
            "messageTimestamp": 1751371210,
        },
    }
    if apikey is not None:
        body["apikey"] = apikey
    return body


@pytest.fixture
def channels(transactional_db: None) -> None:
    MetaChannelFactory(
        phone_number_id="110000000000001", app_secret=APP_SECRET, verify_token="vt-123"
    )
    EvolutionChannelFactory(instance="loja-centro", api_key=EVO_KEY)


def test_meta_verification_echoes_the_challenge_only_for_a_known_token(
    asgi_server, channels
) -> None:
    url = f"{asgi_server}/webhooks/meta/"
    ok = httpx.get(
        url,
        params={
            "hub.mode": "subscribe",
            "hub.verify_token": "vt-123",
            "hub.challenge": "1158201444",
        },
    )
    assert (ok.status_code, ok.text) == (200, "1158201444")
    assert ok.headers["content-type"].startswith("text/plain")
    bad = httpx.get(
        url, params={"hub.mode": "subscribe", "hub.verify_token": "wrong", "hub.challenge": "1"}
    )
    assert bad.status_code == 403
    wrong_mode = httpx.get(
        url, params={"hub.mode": "unsubscribe", "hub.verify_token": "vt-123", "hub.challenge": "1"}
    )
    assert wrong_mode.status_code == 403


def test_signed_meta_delivery_is_stored(asgi_server, channels) -> None:
    body = meta_text()
    response = httpx.post(
        f"{asgi_server}/webhooks/meta/",
        content=body,
        headers={"X-Hub-Signature-256": sign(body), "Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["stored"] == 1
    assert Message.objects.get().provider_message_id == "wamid.T1"


@pytest.mark.parametrize("signature", [None, "", "sha256=00", "sha1=abc", "BADSIG"])
def test_meta_missing_or_wrong_signature_is_401_and_stores_nothing(
    asgi_server, channels, signature
) -> None:
    body = meta_text()
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers["X-Hub-Signature-256"] = signature
    response = httpx.post(f"{asgi_server}/webhooks/meta/", content=body, headers=headers)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert Message.objects.count() == 0 and Event.objects.count() == 0


def test_meta_signature_with_another_channels_secret_is_401(asgi_server, channels) -> None:
    body = meta_text()
    response = httpx.post(
        f"{asgi_server}/webhooks/meta/",
        content=body,
        headers={"X-Hub-Signature-256": sign(body, "some-other-secret")},
    )
    assert response.status_code == 401


def test_meta_delivery_for_an_unknown_number_is_acknowledged_only_when_signed_by_our_app(
    asgi_server, channels
) -> None:
    body = meta_text(phone_number_id="999")
    url = f"{asgi_server}/webhooks/meta/"
    signed = httpx.post(url, content=body, headers={"X-Hub-Signature-256": sign(body)})
    assert signed.status_code == 200
    forged = httpx.post(url, content=body, headers={"X-Hub-Signature-256": sign(body, "stranger")})
    assert forged.status_code == 401
    assert Message.objects.count() == 0


def test_meta_account_update_without_metadata_is_acknowledged(asgi_server, channels) -> None:
    change = {"field": "account_update", "value": {"event": "VERIFIED_ACCOUNT"}}
    payload = {"object": "whatsapp_business_account", "entry": [{"id": "1", "changes": [change]}]}
    body = json.dumps(payload).encode()
    url = f"{asgi_server}/webhooks/meta/"
    ok = httpx.post(url, content=body, headers={"X-Hub-Signature-256": sign(body)})
    assert ok.status_code == 200
    forged = httpx.post(url, content=body, headers={"X-Hub-Signature-256": "sha256=00"})
    assert forged.status_code == 401


@pytest.mark.parametrize(
    "path", ["/webhooks/meta/", "/webhooks/evolution/", "/webhooks/evolution/messages-upsert/"]
)
@pytest.mark.parametrize("body", [b"{not json", b"[1,2,3]", b"\xff\xfe", b"", b'"text"'])
def test_malformed_bodies_get_400_with_a_json_error(asgi_server, channels, path, body) -> None:
    response = httpx.post(
        f"{asgi_server}{path}", content=body, headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


@pytest.mark.parametrize(
    ("path", "payload"),
    [
        ("/webhooks/meta/", {"object": "page", "entry": []}),
        ("/webhooks/meta/", {"object": "whatsapp_business_account", "entry": "x"}),
        ("/webhooks/evolution/", {"event": "messages.upsert", "data": {}}),
        ("/webhooks/evolution/", {"instance": "loja-centro", "data": {}}),
    ],
)
def test_a_body_that_is_not_the_providers_envelope_is_400(
    asgi_server, channels, path, payload
) -> None:
    response = httpx.post(f"{asgi_server}{path}", json=payload)
    assert response.status_code == 400
    assert "detail" in response.json()


@pytest.mark.parametrize("path", ["/webhooks/meta/", "/webhooks/evolution/"])
def test_oversize_body_gets_413_and_the_server_keeps_serving(asgi_server, channels, path) -> None:
    huge = b'{"x": "' + b"a" * (4 * 1024 * 1024) + b'"}'
    response = httpx.post(f"{asgi_server}{path}", content=huge)
    assert response.status_code == 413
    assert response.json()["error"] == "payload_too_large"

    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b"a" * (1024 * 1024)

    chunked = httpx.post(f"{asgi_server}{path}", content=chunks())
    assert chunked.status_code == 413
    follow_up = httpx.post(f"{asgi_server}/webhooks/evolution/", json=evo_text())
    assert follow_up.status_code == 200


def test_a_body_just_under_the_limit_is_accepted(asgi_server, channels) -> None:
    body = evo_text()
    body["padding"] = "a" * (4 * 1024 * 1024 - 2000)
    response = httpx.post(f"{asgi_server}/webhooks/evolution/", json=body)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("body_key", "header_key"),
    [(None, None), ("wrong", None), (None, "wrong"), ("", None)],
)
def test_evolution_without_the_right_apikey_is_401_and_stores_nothing(
    asgi_server, channels, body_key, header_key
) -> None:
    headers = {"apikey": header_key} if header_key else {}
    response = httpx.post(
        f"{asgi_server}/webhooks/evolution/", json=evo_text(apikey=body_key), headers=headers
    )
    assert response.status_code == 401
    assert Message.objects.count() == 0


def test_evolution_apikey_in_the_header_is_accepted(asgi_server, channels) -> None:
    response = httpx.post(
        f"{asgi_server}/webhooks/evolution/",
        json=evo_text(apikey=None),
        headers={"apikey": EVO_KEY},
    )
    assert response.status_code == 200
    assert Message.objects.count() == 1


def test_evolution_unknown_instance_is_401(asgi_server, channels) -> None:
    body = evo_text()
    body["instance"] = "nope"
    assert httpx.post(f"{asgi_server}/webhooks/evolution/", json=body).status_code == 401


@pytest.mark.parametrize("event", ["presence.update", "CALL", "totally.new.event"])
def test_unknown_events_are_acknowledged_and_logged(asgi_server, channels, caplog, event) -> None:
    body = {"event": event, "instance": "loja-centro", "apikey": EVO_KEY, "data": {"id": "x"}}
    with caplog.at_level(logging.INFO, logger="multichat.webhooks"):
        response = httpx.post(f"{asgi_server}/webhooks/evolution/", json=body)
    assert response.status_code == 200
    assert response.json()["ignored"] == 1
    assert any("ignored" in r.getMessage() for r in caplog.records)
    assert Event.objects.count() == 0


def test_meta_unknown_field_is_acknowledged(asgi_server, channels) -> None:
    payload = {
        "object": "whatsapp_business_account",
        "entry": [
            {
                "id": "1",
                "changes": [
                    {
                        "field": "account_update",
                        "value": {"metadata": {"phone_number_id": "110000000000001"}},
                    }
                ],
            }
        ],
    }
    body = json.dumps(payload).encode()
    response = httpx.post(
        f"{asgi_server}/webhooks/meta/", content=body, headers={"X-Hub-Signature-256": sign(body)}
    )
    assert response.status_code == 200


def test_secrets_never_appear_in_logs(asgi_server, channels, caplog) -> None:
    with caplog.at_level(logging.DEBUG):
        body = meta_text()
        httpx.post(
            f"{asgi_server}/webhooks/meta/",
            content=body,
            headers={"X-Hub-Signature-256": sign(body)},
        )
        httpx.post(
            f"{asgi_server}/webhooks/meta/",
            content=body,
            headers={"X-Hub-Signature-256": "sha256=00"},
        )
        httpx.post(f"{asgi_server}/webhooks/evolution/", json=evo_text())
        httpx.post(f"{asgi_server}/webhooks/evolution/", json=evo_text(apikey="wrong"))
        httpx.get(
            f"{asgi_server}/webhooks/meta/",
            params={"hub.mode": "subscribe", "hub.verify_token": "x", "hub.challenge": "1"},
        )
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert text  # the requests were logged
    for secret in (APP_SECRET, EVO_KEY, "vt-123", "meta-access-token"):
        assert secret not in text
