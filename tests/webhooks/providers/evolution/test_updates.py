"""Statuses (messages.update), deletions (messages.delete) and protocolMessage events
(messages.edited, send.message.update): ids, status mapping, times, edit vs revoke."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from multichat.chats.inbound import Ignored, MessageDeletion, MessageEdit, StatusUpdate

from .helpers import INSTANCE_ID, MARIA, envelope, load, parse, parse_one, parse_payload

# The real receipt time of these deliveries: `date_time` + 3 h (São Paulo offset).
DELIVERED_AT = datetime(2025, 7, 1, 12, 3, 25, 123000, tzinfo=UTC)


def v2_update(
    status: Any, *, from_me: bool = True, key_id: str = "3EB0C5A2F1D4E6B7A8C9D0"
) -> dict[str, Any]:
    return envelope(
        "messages.update",
        {
            "keyId": key_id,
            "remoteJid": MARIA,
            "fromMe": from_me,
            "status": status,
            "instanceId": INSTANCE_ID,
            "messageId": "cmcl2x9kq0007s60xhv1b3d2f",
        },
    )


def test_delivery_receipt_is_a_delivered_status_at_receipt_time() -> None:
    item = parse_one("messages_update_delivered.json", received_at=DELIVERED_AT)
    assert item == StatusUpdate(
        provider_message_id="3EB0C5A2F1D4E6B7A8C9D0",
        status="delivered",
        timestamp=DELIVERED_AT,
        chat_id=MARIA,
    )


def test_read_receipt_is_a_read_status_keyed_by_key_id_not_the_evolution_row_id() -> None:
    item = parse_one("messages_update_read.json")
    assert item == StatusUpdate(
        provider_message_id="3EB0C5A2F1D4E6B7A8C9D0",
        status="read",
        timestamp=datetime(2025, 7, 1, 12, 30, tzinfo=UTC),
        chat_id=MARIA,
    )


def test_legacy_v1_update_reads_the_id_and_the_millisecond_datetime() -> None:
    assert parse_one("messages_update_legacy_v1_read.json") == StatusUpdate(
        provider_message_id="3EB0F1E2D3C4B5A69788",
        status="read",
        timestamp=datetime(2025, 7, 1, 12, 46, 0, 123000, tzinfo=UTC),
        chat_id=MARIA,
    )


def test_an_inbound_message_read_on_our_side_becomes_a_read_status_of_that_message() -> None:
    assert parse_one("messages_update_inbound_read_by_us.json") == StatusUpdate(
        provider_message_id="AC3F1E2D4B5A69788796A5B4C3D2E1F0",
        status="read",
        timestamp=datetime(2025, 7, 1, 12, 30, tzinfo=UTC),
        chat_id=MARIA,
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("PENDING", "pending"),
        ("SERVER_ACK", "sent"),
        ("DELIVERY_ACK", "delivered"),
        ("READ", "read"),
        ("PLAYED", "read"),
        ("ERROR", "failed"),
        (2, "sent"),
        (4, "read"),
    ],
)
def test_status_mapping_table_for_our_messages(status, expected) -> None:
    items = parse_payload(v2_update(status))
    assert len(items) == 1
    assert isinstance(items[0], StatusUpdate)
    assert items[0].status == expected


def test_a_failed_status_keeps_the_evolution_status_as_error() -> None:
    item = parse_payload(v2_update("ERROR"))[0]
    assert isinstance(item, StatusUpdate)
    assert item.error == {"status": "ERROR"}


@pytest.mark.parametrize("status", ["DELETED", None, "", "SOMETHING_NEW"])
def test_an_update_without_an_applicable_status_is_ignored(status) -> None:
    item = parse_payload(v2_update(status))[0]
    assert isinstance(item, Ignored)


def test_an_old_edit_notification_without_status_is_ignored() -> None:
    data = {
        "keyId": "3EB0C5A2F1D4E6B7A8C9D0",
        "remoteJid": MARIA,
        "fromMe": True,
        "instanceId": INSTANCE_ID,
    }
    assert isinstance(parse_payload(envelope("messages.update", data))[0], Ignored)


@pytest.mark.parametrize("status", ["DELIVERY_ACK", "SERVER_ACK", "PENDING"])
def test_other_statuses_of_inbound_messages_are_ignored(status) -> None:
    assert isinstance(parse_payload(v2_update(status, from_me=False))[0], Ignored)


def test_a_list_of_updates_gives_one_status_each() -> None:
    data = [v2_update("DELIVERY_ACK", key_id="A")["data"], v2_update("READ", key_id="B")["data"]]
    items = parse_payload(envelope("messages.update", data))
    assert [(i.provider_message_id, i.status) for i in items if isinstance(i, StatusUpdate)] == [
        ("A", "delivered"),
        ("B", "read"),
    ]


def test_an_update_without_any_id_is_ignored() -> None:
    data = {"remoteJid": MARIA, "fromMe": True, "status": "READ"}
    assert isinstance(parse_payload(envelope("messages.update", data))[0], Ignored)


def test_delete_for_everyone_is_a_deletion_at_receipt_time() -> None:
    assert parse("messages_delete.json") == [
        MessageDeletion(
            provider_message_id="A1B2C3D4E5F60718293A4B5C6D7E8F90",
            deleted_at=datetime(2025, 7, 1, 12, 30, tzinfo=UTC),
            chat_id=MARIA,
        )
    ]


def test_a_delete_of_a_lid_addressed_message_names_the_phone_chat() -> None:
    data = {
        "remoteJid": "198765432109876@lid",
        "remoteJidAlt": "5531987001122@s.whatsapp.net",
        "fromMe": False,
        "id": "DEL2",
        "addressingMode": "lid",
    }
    item = parse_payload(envelope("messages.delete", data))[0]
    assert isinstance(item, MessageDeletion)
    assert item.chat_id == "5531987001122@s.whatsapp.net"


def test_an_edit_is_matched_on_key_id_only_with_its_timestamp_ms() -> None:
    assert parse_one("messages_edited.json") == MessageEdit(
        provider_message_id="AC3F1E2D4B5A69788796A5B4C3D2E1F0",
        content="Olá! Vocês abrem domingo de manhã?",
        edited_at=datetime(2025, 7, 1, 12, 50, tzinfo=UTC),
        chat_id="",
    )


def test_a_revoke_in_messages_edited_is_a_deletion_never_an_edit_to_empty_text() -> None:
    items = parse("messages_edited_revoke.json")
    assert items == [
        MessageDeletion(
            provider_message_id="A1B2C3D4E5F60718293A4B5C6D7E8F90",
            deleted_at=datetime(2025, 7, 1, 12, 30, tzinfo=UTC),
            chat_id="",
        )
    ]
    assert not any(isinstance(i, MessageEdit) for i in items)


def test_send_message_update_is_an_edit_made_through_the_api() -> None:
    payload = load("messages_edited.json")
    payload["event"] = "send.message.update"
    payload["data"]["key"] = {"remoteJid": MARIA, "fromMe": True, "id": "3EB0C5A2F1D4E6B7A8C9D0"}
    payload["data"]["editedMessage"] = {"conversation": "Temos horário amanhã às 10h"}
    assert parse_payload(payload) == [
        MessageEdit(
            provider_message_id="3EB0C5A2F1D4E6B7A8C9D0",
            content="Temos horário amanhã às 10h",
            edited_at=datetime(2025, 7, 1, 12, 50, tzinfo=UTC),
        )
    ]


@pytest.mark.parametrize(
    "data",
    [
        {"key": {"id": "E1"}, "type": "MESSAGE_EDIT"},
        {"key": {"id": "E1"}, "type": "MESSAGE_EDIT", "editedMessage": {}},
        {"key": {}, "type": "REVOKE"},
        {"key": {"id": "E1"}, "type": "EPHEMERAL_SETTING"},
        {},
        None,
    ],
)
def test_protocol_events_without_an_edit_or_target_are_ignored(data) -> None:
    items = parse_payload(envelope("messages.edited", data))
    assert len(items) == 1
    assert isinstance(items[0], Ignored)
