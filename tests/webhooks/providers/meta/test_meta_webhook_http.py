"""Meta fixtures posted through the real ASGI server with valid signatures: what is stored
(Message/Chat/Reaction/EarlyStatus rows) and what is announced (the event log)."""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from multichat.chats.inbound import IncomingMessage
from multichat.chats.models import Chat, EarlyStatus, Message, Reaction
from tests.factories import ChatFactory, ContactFactory, MessageFactory, MetaChannelFactory
from tests.webhooks.providers.meta.helpers import (
    CHANNEL,
    JOAO,
    MARIA,
    at,
    load_fixture,
    raw_fixture,
)
from tests.webhooks.providers.meta.test_adapter import OUR_MESSAGE, SAMPLES, TEXT_ID
from tests.webhooks.providers.meta.test_adapter_created_fixtures import CREATED

APP_SECRET = "meta-http-test-app-secret"
OUT_A = "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEkE4MUMzRTVGN0EyQjRENkU4MAA="
OUT_B = "wamid.HBgNNTUyMTk5ODg3NzY2NRUCABEYEkI5MkQ0RjZBOEIzQzVFN0Y5MQA="
ECHO_OLD = "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEkUwQTFCMkMzRDRFNUY2QTdCOAA="
PLAYED = "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEkM3QTVEMkU5RjBCMUM0QTYzOAA="
FAILED = "wamid.HBgNNTUyMTk5ODg3NzY2NRUCABEYEkY3NDBCMTNEMjVDQUU2OEY0MwA="


def sign(body: bytes, secret: str = APP_SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


@pytest.fixture
def channel(transactional_db: None) -> Any:
    return MetaChannelFactory(phone_number_id=CHANNEL, app_secret=APP_SECRET)


@pytest.fixture
def post(asgi_server: str) -> Callable[..., httpx.Response]:
    def send(name: str, *, body: bytes | None = None, header: str | None = None) -> httpx.Response:
        raw = raw_fixture(name) if body is None else body
        headers = {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": sign(raw) if header is None else header,
        }
        return httpx.post(f"{asgi_server}/webhooks/meta/", content=raw, headers=headers)

    return send


def kinds(updates: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(update["type"], update["chat_id"]) for update in updates]


def our_message(channel: Any, provider_message_id: str, chat_id: str = MARIA, **fields: Any) -> Any:
    contact = ContactFactory(channel=channel, jid=chat_id)
    chat = Chat.objects.filter(channel=channel, chat_id=chat_id).first() or ChatFactory(
        channel=channel, contact=contact
    )
    defaults = {"from_me": True, "origin": "inbox", "status": "sent"}
    return MessageFactory(
        chat=chat, provider_message_id=provider_message_id, **{**defaults, **fields}
    )


def message_fixtures() -> dict[str, IncomingMessage]:
    """Every single-message fixture and the exact item the unit tests expect from it."""
    expected: dict[str, IncomingMessage] = {}
    for name, items in SAMPLES.items():
        if len(items) == 1 and isinstance(items[0], IncomingMessage):
            expected[name] = items[0]
    for name, batches in CREATED.items():
        items = batches[0].items
        if len(batches) == 1 and len(items) == 1 and isinstance(items[0], IncomingMessage):
            expected[name] = items[0]
    return expected


MESSAGE_FIXTURES = message_fixtures()


@pytest.mark.parametrize("name", sorted(MESSAGE_FIXTURES))
def test_each_message_fixture_is_stored_as_parsed_and_announced(
    channel, post, published_events, name
):
    item = MESSAGE_FIXTURES[name]
    response = post(name)
    assert response.status_code == 200
    assert response.json()["stored"] == 1
    message = Message.objects.select_related("chat__contact").get()
    media = item.media.as_json() if item.media else None
    stored = (
        message.provider_message_id,
        message.chat.chat_id,
        message.chat.alt_chat_id,
        message.from_me,
        message.origin,
        message.type,
        message.content,
        message.timestamp,
        message.media,
        message.details,
        message.reply_to,
        message.sender,
        message.status,
    )
    assert stored == (
        item.provider_message_id,
        item.chat.chat_id,
        item.chat.alt_chat_id,
        False,
        "customer",
        item.type,
        item.content,
        item.timestamp,
        media,
        item.details,
        item.reply_to,
        item.sender,
        "delivered",
    )
    assert message.chat.contact is not None and item.contact is not None
    assert message.chat.contact.name == item.contact.name
    chat_id = item.chat.chat_id
    assert kinds(published_events()) == [("new_message", chat_id), ("chat_update", chat_id)]
    assert published_events()[0]["data"]["content"] == item.content


def test_a_redelivered_message_is_stored_and_announced_once(channel, post, published_events):
    assert post("text_message.json").json()["stored"] == 1
    announced = published_events()
    again = post("text_message_retry_duplicate.json")
    assert again.status_code == 200
    assert (again.json()["stored"], again.json()["duplicates"]) == (0, 1)
    assert Message.objects.get().provider_message_id == TEXT_ID
    assert published_events() == announced


def test_statuses_out_of_order_only_move_forward(channel, post, published_events):
    sent = our_message(channel, OUR_MESSAGE, status="pending")
    for name in ("status_read.json", "status_delivered.json", "status_sent.json"):
        assert post(name).status_code == 200
    sent.refresh_from_db()
    assert (sent.status, sent.status_at) == ("read", at("2025-07-01T12:04:50Z"))
    assert kinds(published_events()) == [("message_status", MARIA)]
    assert published_events()[0]["data"]["status"] == "read"


def test_a_failed_status_for_an_unknown_message_waits_with_its_error(
    channel, post, published_events
):
    assert post("status_failed.json").status_code == 200
    early = EarlyStatus.objects.get()
    assert (early.provider_message_id, early.status, early.timestamp) == (
        FAILED,
        "failed",
        at("2025-07-01T12:48:00Z"),
    )
    assert early.error == {
        "code": 131047,
        "title": "Re-engagement message",
        "message": "Re-engagement message",
        "details": "Message failed to send because more than 24 hours have passed since the "
        "customer last replied to this number.",
    }
    assert published_events() == []


def test_played_counts_as_read_and_deleted_or_warning_are_ignored(channel, post):
    voice = our_message(channel, PLAYED, status="delivered", type="audio")
    response = post("status_played_and_deleted.json")
    assert (response.status_code, response.json()["ignored"]) == (200, 2)
    voice.refresh_from_db()
    assert voice.status == "read"


def test_one_post_for_two_numbers_updates_each_channel(transactional_db, post, published_events):
    first = MetaChannelFactory(phone_number_id=CHANNEL, app_secret=APP_SECRET)
    second = MetaChannelFactory(phone_number_id="110000000000002", app_secret=APP_SECRET)
    ours = our_message(first, OUT_A)
    assert post("batch_multi_entry_out_of_order_statuses.json").status_code == 200
    ours.refresh_from_db()
    assert (ours.status, ours.status_at) == ("read", at("2025-07-01T12:50:10Z"))
    joao = Message.objects.get(channel=second)
    assert (joao.chat.chat_id, joao.content) == (JOAO, "Chegou certinho, obrigado!")
    assert EarlyStatus.objects.get(channel=second).provider_message_id == OUT_B
    assert kinds(published_events()) == [
        ("message_status", MARIA),
        ("new_message", JOAO),
        ("chat_update", JOAO),
    ]


def test_a_reaction_lands_on_its_target_and_its_removal_takes_it_away(
    channel, post, published_events
):
    target = our_message(channel, OUR_MESSAGE)
    assert post("reaction_message.json").status_code == 200
    reaction = Reaction.objects.get()
    assert (reaction.message_id, reaction.sender, reaction.emoji) == (target.pk, MARIA, "👍")
    assert Message.objects.count() == 1
    assert post("reaction_removed.json").status_code == 200
    assert Reaction.objects.count() == 0
    updates = published_events()
    assert kinds(updates) == [("message_update", MARIA), ("message_update", MARIA)]
    assert [u["data"]["reactions"] for u in updates] == [
        [{"emoji": "👍", "from_me": False, "sender": MARIA}],
        [],
    ]


def test_business_app_echoes_are_stored_as_ours_then_edited_and_revoked(
    channel, post, published_events
):
    older = our_message(channel, ECHO_OLD, origin="phone")
    assert post("smb_message_echoes.json").status_code == 200
    echo = Message.objects.exclude(pk=older.pk).get()
    assert (echo.from_me, echo.origin, echo.status, echo.chat.chat_id) == (
        True,
        "phone",
        "sent",
        MARIA,
    )
    assert echo.content == "Oi Maria, separei o azul e o verde pra você"
    assert echo.edited_at == at("2025-07-01T12:52:30Z")
    older.refresh_from_db()
    assert (older.deleted, older.deleted_at) == (True, at("2025-07-01T12:53:00Z"))
    updates = published_events()
    assert kinds(updates) == [
        ("new_message", MARIA),
        ("message_update", MARIA),
        ("chat_update", MARIA),
    ]
    assert updates[0]["data"]["content"] == "Oi Maria, separei o azul e o verde pra você"
    assert updates[1]["data"]["deleted"] is True


def test_a_customer_edit_and_revoke_change_their_earlier_messages(channel, post, published_events):
    post("image_message.json")
    post("text_reply_with_context.json")
    before = len(published_events())
    assert post("customer_edit_and_revoke.json").status_code == 200
    image = Message.objects.get(type="image")
    reply = Message.objects.get(type="text")
    assert (image.content, image.edited_at) == ("Esse modelo em verde", at("2025-07-01T12:57:00Z"))
    assert (reply.deleted, reply.deleted_at) == (True, at("2025-07-01T12:58:00Z"))
    assert kinds(published_events()[before:]) == [
        ("message_update", MARIA),
        ("message_update", MARIA),
        ("chat_update", MARIA),
    ]


def test_a_customer_who_hides_the_phone_keeps_one_chat_through_the_bsuid(channel, post):
    post("text_message_bsuid.json")
    post("text_message_bsuid_no_phone.json")
    chat = Chat.objects.get()
    assert (chat.chat_id, chat.alt_chat_id, chat.message_count) == (MARIA, "BR.1502576394655843", 2)


def test_an_unhandled_field_is_acknowledged_and_stores_nothing(channel, post, published_events):
    response = post("unknown_field.json")
    assert (response.status_code, response.json()["ignored"]) == (200, 1)
    assert (Message.objects.count(), Chat.objects.count()) == (0, 0)
    assert published_events() == []


def test_the_documented_signature_vector_is_accepted_and_a_reserialized_body_refused(
    transactional_db, post
):
    example = load_fixture("signature_example.json")
    MetaChannelFactory(phone_number_id=CHANNEL, app_secret=example["app_secret"])
    header = example["headers"]["X-Hub-Signature-256"]
    raw = raw_fixture("signed_raw_body.json")
    tampered = json.dumps(json.loads(raw), ensure_ascii=False, indent=2).encode()
    refused = post("signed_raw_body.json", body=tampered, header=header)
    assert (refused.status_code, Message.objects.count()) == (401, 0)
    accepted = post("signed_raw_body.json", header=header)
    assert accepted.status_code == 200
    assert Message.objects.get().content == "Promoção válida até sábado? 😊"
    assert Message.objects.get().timestamp == datetime(2025, 7, 1, 13, 8, 20, tzinfo=UTC)
