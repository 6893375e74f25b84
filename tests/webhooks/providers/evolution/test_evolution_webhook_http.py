"""Evolution fixtures posted through the real ASGI server: authentication by instance and
apikey (body or header), the per-event URL, what is stored and what is announced, and
that a replayed delivery is stored and announced once."""

from __future__ import annotations

from typing import Any

import pytest

from multichat.chats.inbound import IncomingMessage
from multichat.chats.models import Chat, Message
from multichat.realtime.models import Event
from tests.factories import EvolutionChannelFactory

from .conftest import API_KEY
from .helpers import FIXTURES, MARIA, load, parse

NO_BODY_APIKEY = {
    "messages_upsert_text_legacy_v1.json",
    "messages_upsert_text_uppercase_event.json",
}


def kinds(updates: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(update["type"], update["chat_id"]) for update in updates]


def single_messages() -> dict[str, IncomingMessage]:
    """Every fixture that is exactly one message, with the item the adapter makes of it."""
    found: dict[str, IncomingMessage] = {}
    for path in sorted(FIXTURES.glob("*.json")):
        items = parse(path.name)
        if len(items) == 1 and isinstance(items[0], IncomingMessage):
            found[path.name] = items[0]
    return found


SINGLE_MESSAGES = single_messages()


def test_every_single_message_fixture_is_exercised_over_http() -> None:
    assert len(SINGLE_MESSAGES) == 16


@pytest.mark.parametrize("name", sorted(SINGLE_MESSAGES))
def test_each_message_fixture_is_stored_as_parsed_and_announced(
    channel, post, published_events, name
) -> None:
    item = SINGLE_MESSAGES[name]
    response = post(name, apikey=API_KEY if name in NO_BODY_APIKEY else None)
    assert response.status_code == 200
    assert (response.json()["stored"], response.json()["duplicates"]) == (1, 0)
    message = Message.objects.select_related("chat__contact").get()
    assert (
        message.provider_message_id,
        message.chat.chat_id,
        message.chat.alt_chat_id,
        message.chat.is_group,
        message.from_me,
        message.origin,
        message.type,
        message.content,
        message.timestamp,
        message.media,
        message.details,
        message.reply_to,
        message.sender,
        message.sender_name,
        message.status,
    ) == (
        item.provider_message_id,
        item.chat.chat_id,
        item.chat.alt_chat_id,
        item.chat.is_group,
        item.from_me,
        item.origin,
        item.type,
        item.content,
        item.timestamp,
        item.media.as_json() if item.media else None,
        item.details,
        item.reply_to,
        item.sender,
        item.sender_name,
        item.status or ("sent" if item.from_me else "delivered"),
    )
    contact = message.chat.contact
    if item.contact is None:
        assert contact is None
    else:
        assert contact is not None
        assert (contact.jid, contact.name) == (item.contact.jid, item.contact.name)
    chat_id = item.chat.chat_id
    assert kinds(published_events()) == [("new_message", chat_id), ("chat_update", chat_id)]
    assert published_events()[0]["data"]["content"] == item.content


def test_our_own_push_name_never_names_the_customer(channel, post) -> None:
    assert post("messages_upsert_from_me_phone.json").status_code == 200
    assert post("send_message_text.json").status_code == 200
    chat = Chat.objects.select_related("contact").get()
    assert chat.contact is not None
    assert chat.contact.name not in ("Loja Centro", "Você")
    origins = sorted(Message.objects.values_list("origin", "status", "from_me"))
    assert origins == [("api", "pending", True), ("phone", "sent", True)]


def test_the_apikey_may_come_in_the_body(channel, post) -> None:
    assert post("messages_upsert_text.json").status_code == 200
    assert Message.objects.count() == 1


def test_the_apikey_may_come_in_a_header_when_the_body_has_none(channel, post) -> None:
    response = post("messages_upsert_text_uppercase_event.json", apikey=API_KEY)
    assert response.status_code == 200
    assert Message.objects.get().content == "Obrigada, até amanhã!"


@pytest.mark.parametrize(
    ("body_apikey", "header"),
    [
        ("missing", None),
        (None, None),
        ("WRONG-KEY", None),
        ("missing", "WRONG-KEY"),
        ("missing", ""),
    ],
)
def test_a_missing_or_wrong_apikey_is_refused_and_nothing_is_stored(
    channel, post, published_events, body_apikey, header
) -> None:
    body = load("messages_upsert_text.json")
    if body_apikey == "missing":
        del body["apikey"]
    else:
        body["apikey"] = body_apikey
    response = post(body=body, apikey=header)
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert (Message.objects.count(), Chat.objects.count(), published_events()) == (0, 0, [])


def test_an_unknown_instance_is_refused(channel, post) -> None:
    body = {**load("messages_upsert_text.json"), "instance": "outra-loja"}
    assert post(body=body).status_code == 401
    assert Message.objects.count() == 0


def test_another_channels_key_does_not_open_this_instance(transactional_db, post) -> None:
    EvolutionChannelFactory(instance="loja-centro", api_key=API_KEY)
    EvolutionChannelFactory(instance="loja-norte", api_key="NORTE-KEY-0001")
    body = {**load("messages_upsert_text.json"), "apikey": "NORTE-KEY-0001"}
    assert post(body=body).status_code == 401
    assert Message.objects.count() == 0


def test_the_per_event_url_names_the_event_when_the_body_does_not(channel, post) -> None:
    body = load("messages_upsert_text.json")
    del body["event"]
    response = post(body=body, path="messages-upsert/")
    assert response.status_code == 200
    assert Message.objects.get().provider_message_id == "AC3F1E2D4B5A69788796A5B4C3D2E1F0"


def test_on_the_per_event_url_the_body_event_still_wins(channel, post) -> None:
    assert post("send_message_text.json", path="messages-upsert/").status_code == 200
    assert Message.objects.get().origin == "api"


def test_a_body_that_is_not_an_envelope_is_a_400_and_stores_nothing(channel, post) -> None:
    body = load("messages_upsert_text.json")
    del body["instance"]
    response = post(body=body)
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"
    assert Event.objects.count() == 0


def test_a_replayed_delivery_is_stored_once_and_announced_once(
    channel, post, published_events
) -> None:
    assert post("messages_upsert_text.json").json()["stored"] == 1
    announced = published_events()
    again = post("messages_upsert_text.json")
    assert again.status_code == 200
    assert (again.json()["stored"], again.json()["duplicates"]) == (0, 1)
    assert Message.objects.get().provider_message_id == "AC3F1E2D4B5A69788796A5B4C3D2E1F0"
    assert published_events() == announced
    assert kinds(announced) == [("new_message", MARIA), ("chat_update", MARIA)]


@pytest.mark.parametrize(
    "name", ["qrcode_updated.json", "chats_update.json", "messages_upsert_status_broadcast.json"]
)
def test_events_the_inbox_does_not_use_are_acknowledged_and_store_nothing(
    channel, post, published_events, name
) -> None:
    response = post(name)
    assert (response.status_code, response.json()["ignored"]) == (200, 1)
    assert (Message.objects.count(), Chat.objects.count(), published_events()) == (0, 0, [])
