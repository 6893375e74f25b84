"""What the Meta adapter does with bodies that are not the envelope (InvalidInputError ->
400) and with odd items inside a valid envelope (placeholders or Ignored, never a crash)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from typing import Any

import pytest

from multichat.chats.inbound import (
    ChatRef,
    ContactInfo,
    Ignored,
    IncomingMessage,
    ReactionChange,
    StatusUpdate,
)
from multichat.core.exceptions import InvalidInputError
from multichat.webhooks.providers.meta import MetaChannelBatch, parse_meta_payload
from multichat.webhooks.providers.meta.messages import parse_message
from tests.webhooks.providers.meta.helpers import CHANNEL, MARIA, load_fixture


def with_message(**fields: Any) -> dict[str, Any]:
    """text_message.json with its only message's fields replaced (None deletes a field)."""
    payload: dict[str, Any] = copy.deepcopy(load_fixture("text_message.json"))
    message = payload["entry"][0]["changes"][0]["value"]["messages"][0]
    for key, value in fields.items():
        if value is None:
            message.pop(key, None)
        else:
            message[key] = value
    return payload


def only_item(payload: Any) -> Any:
    (batch,) = parse_meta_payload(payload)
    (item,) = batch.items
    return item


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "whatsapp_business_account",
        {},
        {"object": "page", "entry": []},
        {"object": "instagram", "entry": [{"changes": []}]},
        {"entry": []},
        {"object": "whatsapp_business_account"},
        {"object": "whatsapp_business_account", "entry": {}},
        {"object": "whatsapp_business_account", "entry": "x"},
        {"object": "whatsapp_business_account", "entry": None},
    ],
    ids=[
        "null",
        "list",
        "string",
        "empty-object",
        "page",
        "instagram",
        "no-object",
        "no-entry",
        "entry-object",
        "entry-string",
        "entry-null",
    ],
)
def test_a_body_that_is_not_a_cloud_api_envelope_is_invalid_input(payload):
    with pytest.raises(InvalidInputError):
        parse_meta_payload(payload)


def test_an_envelope_with_no_entries_yields_no_batches():
    assert parse_meta_payload({"object": "whatsapp_business_account", "entry": []}) == []


@pytest.mark.parametrize(
    "entries",
    [
        [None, 3, "x", {"changes": None}, {"changes": [None, 1, {"value": None}]}],
        [{"id": "1", "changes": [{"field": "messages", "value": {"metadata": {}}}]}],
        [{"id": "1", "changes": [{"field": "messages", "value": {"metadata": "x"}}]}],
    ],
    ids=["garbage-levels", "no-phone-number-id", "metadata-not-object"],
)
def test_changes_that_cannot_be_routed_to_a_channel_are_skipped(entries):
    assert parse_meta_payload({"object": "whatsapp_business_account", "entry": entries}) == []


def test_a_message_without_its_type_object_is_an_unsupported_placeholder():
    item = only_item(with_message(type="image", text=None))
    assert (item.type, item.content) == ("unsupported", "[unsupported: image]")
    assert item.details == {"original_type": "image", "errors": []}


@pytest.mark.parametrize(
    ("type_", "obj", "content"),
    [
        ("order", {"catalog_id": "1", "product_items": []}, "[unsupported: order]"),
        ("request_welcome", None, "[unsupported: request_welcome]"),
        ("hologram", {"x": 1}, "[unsupported: hologram]"),
        ("unknown", None, "[unsupported: unknown]"),
        ("unsupported", None, "[unsupported: unsupported]"),
        (
            "interactive",
            {"type": "call_permission_reply", "call_permission_reply": {}},
            "[unsupported: call_permission_reply]",
        ),
        ("interactive", {"type": "button_reply"}, "[unsupported: button_reply]"),
        ("location", {"latitude": "north", "longitude": None}, "[unsupported: location]"),
        ("contacts", [], "[unsupported: contacts]"),
        ("text", {"body": 42}, "[unsupported: text]"),
        ("button", "STOP", "[unsupported: button]"),
    ],
)
def test_unknown_types_and_unusable_objects_become_placeholders(type_, obj, content):
    fields: dict[str, Any] = {"type": type_, "text": None}
    if obj is not None:
        fields[type_] = obj
    item = only_item(with_message(**fields))
    assert isinstance(item, IncomingMessage)
    original_type = content.removeprefix("[unsupported: ").removesuffix("]")
    assert (item.type, item.content) == ("unsupported", content)
    assert item.details == {"original_type": original_type, "errors": []}


def test_a_message_without_a_type_is_an_unknown_placeholder():
    item = only_item(with_message(type=None, text=None))
    assert (item.type, item.content) == ("unsupported", "[unsupported: unknown]")


def test_an_older_unknown_message_keeps_its_own_errors_in_the_placeholder():
    error = {"code": 131051, "title": "Unsupported message type", "message": "x"}
    item = only_item(with_message(type="unknown", text=None, errors=[error]))
    assert item.details["errors"] == [
        {"code": 131051, "title": "Unsupported message type", "message": "x", "details": ""}
    ]


def test_a_reaction_with_an_empty_emoji_is_a_removal():
    reaction = {"message_id": "wamid.TARGET", "emoji": ""}
    item = only_item(with_message(type="reaction", text=None, reaction=reaction))
    assert isinstance(item, ReactionChange)
    assert (item.emoji, item.target_provider_message_id) == ("", "wamid.TARGET")


def test_a_reaction_without_a_target_is_ignored():
    item = only_item(with_message(type="reaction", text=None, reaction={"emoji": "👍"}))
    assert item == Ignored(reason="meta reaction without message_id")


def test_a_frequently_forwarded_text_says_so_in_details():
    item = only_item(with_message(context={"frequently_forwarded": True}))
    assert (item.details, item.reply_to) == ({"frequently_forwarded": True}, "")


def test_a_flow_answer_is_an_interactive_nfm_reply_with_its_json_as_payload():
    reply = {"name": "flow", "body": "Sent", "response_json": '{"flow_token": "t-1"}'}
    item = only_item(
        with_message(
            type="interactive", text=None, interactive={"type": "nfm_reply", "nfm_reply": reply}
        )
    )
    assert (item.type, item.content) == ("interactive", "Sent")
    assert item.details == {
        "kind": "nfm_reply",
        "payload": '{"flow_token": "t-1"}',
        "title": "Sent",
        "description": "",
    }


def test_a_product_inquiry_keeps_the_referred_product_and_the_quoted_id():
    context = {
        "from": "5511940001234",
        "id": "wamid.CATALOG",
        "referred_product": {"catalog_id": "1", "product_retailer_id": "sku-9"},
    }
    item = only_item(with_message(context=context))
    assert item.reply_to == "wamid.CATALOG"
    assert item.details == {"referred_product": {"catalog_id": "1", "product_retailer_id": "sku-9"}}


@pytest.mark.parametrize("fields", [{"id": None}, {"from": None}, {"id": 12.5, "from": None}])
def test_a_message_without_id_or_sender_is_ignored_not_raised(fields):
    payload = with_message(**fields)
    payload["entry"][0]["changes"][0]["value"]["contacts"] = []
    assert only_item(payload) == Ignored(reason="meta message without id or sender")


def test_a_message_without_from_takes_the_identity_of_the_only_contact():
    item = only_item(with_message(**{"from": None}))
    assert item.chat == ChatRef(chat_id=MARIA)
    assert item.contact == ContactInfo(jid=MARIA, phone=MARIA, name="Maria Silva")


def test_a_garbled_timestamp_falls_back_to_the_receipt_time():
    before = datetime.now(tz=UTC)
    item = only_item(with_message(timestamp="soon"))
    assert before <= item.timestamp <= datetime.now(tz=UTC)


def test_non_object_items_inside_a_value_are_ignored():
    payload = load_fixture("status_read.json")
    value = payload["entry"][0]["changes"][0]["value"]
    value["statuses"].append("garbage")
    value["messages"] = [None]
    (batch,) = parse_meta_payload(payload)
    assert batch.items[0] == Ignored(reason="meta message is not an object")
    assert isinstance(batch.items[1], StatusUpdate)
    assert batch.items[2] == Ignored(reason="meta status is not an object")


def test_a_failed_status_without_errors_has_no_error_and_a_status_without_id_is_ignored():
    payload = load_fixture("status_failed.json")
    status = payload["entry"][0]["changes"][0]["value"]["statuses"][0]
    status.pop("errors")
    payload["entry"][0]["changes"][0]["value"]["statuses"].append({"status": "read"})
    (batch,) = parse_meta_payload(payload)
    assert batch.items[0].error is None  # type: ignore[union-attr]
    assert batch.items[1] == Ignored(reason="meta status read without id")


def test_value_errors_without_any_message_are_reported_as_ignored():
    payload = load_fixture("message_with_value_errors.json")
    payload["entry"][0]["changes"][0]["value"].pop("messages")
    assert only_item(payload) == Ignored(reason="meta value errors without messages: 131000")


def test_a_change_without_a_field_is_ignored_in_its_channel():
    payload = load_fixture("text_message.json")
    payload["entry"][0]["changes"][0].pop("field")
    assert parse_meta_payload(payload) == [
        MetaChannelBatch(
            phone_number_id=CHANNEL, items=[Ignored("meta field <missing> not handled")]
        )
    ]


def test_a_bug_in_one_item_parser_does_not_lose_the_rest_of_the_post(monkeypatch):
    payload = load_fixture("batch_two_messages.json")

    def explode_on_text(item: Any, **context: Any) -> Any:
        if item.get("type") == "text":
            raise KeyError("boom")
        return parse_message(item, **context)

    monkeypatch.setattr("multichat.webhooks.providers.meta.adapter.parse_message", explode_on_text)
    (batch,) = parse_meta_payload(payload)
    assert batch.items[0] == Ignored(reason="meta item could not be parsed: KeyError")
    assert isinstance(batch.items[1], IncomingMessage)


def test_echoes_with_a_formatted_phone_land_in_the_wa_id_chat():
    payload = load_fixture("smb_message_echoes.json")
    echoes = payload["entry"][0]["changes"][0]["value"]["message_echoes"]
    echoes[0]["to"] = "+55 11 98765-4321"
    (batch,) = parse_meta_payload(payload)
    assert batch.items[0].chat == ChatRef(chat_id=MARIA)  # type: ignore[union-attr]


def test_an_echoed_reaction_is_our_own_reaction():
    payload = load_fixture("smb_message_echoes.json")
    value = payload["entry"][0]["changes"][0]["value"]
    value["message_echoes"] = [
        {
            "from": "5511940001234",
            "to": MARIA,
            "id": "wamid.ECHO_REACTION",
            "timestamp": "1751374400",
            "type": "reaction",
            "reaction": {"message_id": "wamid.THEIRS", "emoji": "❤️"},
        }
    ]
    item = only_item(payload)
    assert item == ReactionChange(
        chat=ChatRef(chat_id=MARIA),
        target_provider_message_id="wamid.THEIRS",
        sender="5511940001234",
        from_me=True,
        emoji="❤️",
        timestamp=datetime(2025, 7, 1, 12, 53, 20, tzinfo=UTC),
        provider_message_id="wamid.ECHO_REACTION",
    )


@pytest.mark.parametrize(
    ("echo", "reason"),
    [
        (
            {"id": "wamid.X", "type": "text", "text": {"body": "x"}},
            "meta echo without id or recipient",
        ),
        (
            {"id": "wamid.X", "to": MARIA, "type": "revoke", "revoke": {}},
            "meta revoke without original_message_id",
        ),
        ({"id": "wamid.X", "to": MARIA, "type": "edit"}, "meta edit without original_message_id"),
        ("garbage", "meta echo is not an object"),
    ],
)
def test_echoes_that_cannot_be_applied_are_ignored(echo, reason):
    payload = load_fixture("smb_message_echoes.json")
    payload["entry"][0]["changes"][0]["value"]["message_echoes"] = [echo]
    assert only_item(payload) == Ignored(reason=reason)
