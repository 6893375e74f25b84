"""Connection, contact and chat events, and events the inbox does not handle."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from multichat.chats.inbound import ChatInfoUpdate, ConnectionUpdate, ContactUpdate, Ignored
from multichat.webhooks.providers.evolution import canonical_event

from .helpers import GROUP, INSTANCE_ID, MARIA, envelope, load, parse, parse_one, parse_payload

OPENED_AT = datetime(2025, 7, 1, 11, 50, 0, 123000, tzinfo=UTC)


def test_connection_open_is_connected_with_our_own_jid_at_receipt_time() -> None:
    assert parse_one("connection_update_open.json", received_at=OPENED_AT) == ConnectionUpdate(
        state="connected", timestamp=OPENED_AT, reason="200", own_jid="5511940001234@s.whatsapp.net"
    )


def test_connection_close_is_disconnected_with_the_status_reason() -> None:
    closed_at = datetime(2025, 7, 2, 11, 53, 20, 123000, tzinfo=UTC)
    assert parse_one("connection_update_close.json", received_at=closed_at) == ConnectionUpdate(
        state="disconnected", timestamp=closed_at, reason="401", own_jid=""
    )


@pytest.mark.parametrize(
    ("state", "expected"),
    [
        ("open", "connected"),
        ("connecting", "connecting"),
        ("close", "disconnected"),
        ("refused", "disconnected"),
        ("weird", "unknown"),
    ],
)
def test_connection_states_map_to_the_inbox_states(state, expected) -> None:
    item = parse_payload(
        envelope("connection.update", {"instance": "loja-centro", "state": state})
    )[0]
    assert isinstance(item, ConnectionUpdate)
    assert (item.state, item.reason) == (expected, "")


@pytest.mark.parametrize("data", [{"instance": "loja-centro"}, {"state": None}, None, "open"])
def test_a_connection_update_without_state_is_ignored(data) -> None:
    items = parse_payload(envelope("connection.update", data))
    assert len(items) == 1
    assert isinstance(items[0], Ignored)


def test_contacts_update_array_names_the_person_and_sets_the_picture() -> None:
    payload = load("contacts_update.json")
    assert parse("contacts_update.json") == [
        ContactUpdate(jid=MARIA, name="Maria Silva", avatar_url=payload["data"][0]["profilePicUrl"])
    ]


def test_a_single_contact_object_for_a_group_never_renames_the_group() -> None:
    items = parse("contacts_update_single_object.json")
    assert len(items) == 1
    assert isinstance(items[0], Ignored)
    assert GROUP in items[0].reason


def test_a_single_contact_object_for_a_person_is_an_update() -> None:
    data = {
        "remoteJid": MARIA,
        "pushName": "Maria S.",
        "profilePicUrl": None,
        "instanceId": INSTANCE_ID,
    }
    for event in ("contacts.update", "contacts.upsert", "CONTACTS_UPSERT"):
        assert parse_payload(envelope(event, data)) == [ContactUpdate(jid=MARIA, name="Maria S.")]


def test_contacts_upsert_array_skips_groups_and_keeps_people_in_order() -> None:
    data = [
        {"remoteJid": GROUP, "pushName": "João Souza", "instanceId": INSTANCE_ID},
        {"remoteJid": MARIA, "pushName": "Maria Silva", "instanceId": INSTANCE_ID},
        {"remoteJid": "201234567890123@lid", "pushName": "João Souza", "instanceId": INSTANCE_ID},
    ]
    items = parse_payload(envelope("contacts.upsert", data))
    assert isinstance(items[0], Ignored)
    assert items[1:] == [
        ContactUpdate(jid=MARIA, name="Maria Silva"),
        ContactUpdate(jid="201234567890123@lid", name="João Souza"),
    ]


def test_a_name_that_is_only_the_jid_digits_is_no_name() -> None:
    data = [
        {"remoteJid": MARIA, "pushName": "5511987654321", "profilePicUrl": "https://pps/x.jpg"},
        {"remoteJid": "5511900000000@s.whatsapp.net", "pushName": "5511900000000"},
    ]
    items = parse_payload(envelope("contacts.upsert", data))
    assert items[0] == ContactUpdate(jid=MARIA, name="", avatar_url="https://pps/x.jpg")
    assert isinstance(items[1], Ignored)


def test_chats_upsert_names_a_chat_only_when_a_name_is_present() -> None:
    items = parse("chats_upsert.json")
    assert items[0] == ChatInfoUpdate(chat_id=GROUP, name="Clientes VIP Loja Centro")
    assert isinstance(items[1], Ignored)
    assert len(items) == 2


def test_chats_update_is_not_handled() -> None:
    assert parse("chats_update.json") == [
        Ignored(reason="evolution event chats.update not handled")
    ]


@pytest.mark.parametrize(
    "event",
    [
        "qrcode.updated",
        "presence.update",
        "call",
        "groups.upsert",
        "group-participants.update",
        "messages.set",
        "application.startup",
        "LABELS_EDIT",
    ],
)
def test_events_the_inbox_does_not_use_are_ignored_by_name(event) -> None:
    items = parse_payload(envelope(event, {"anything": True}))
    assert items == [Ignored(reason=f"evolution event {canonical_event(event)} not handled")]


def test_a_handled_event_with_empty_data_is_ignored() -> None:
    assert parse_payload(envelope("contacts.update", [])) == [
        Ignored(reason="evolution event contacts.update with empty data")
    ]


@pytest.mark.parametrize("data", [None, "x", 3, [None, 7], {"state": ["open"]}])
def test_odd_data_of_channel_and_contact_events_never_raises(data) -> None:
    for event in ("connection.update", "contacts.update", "chats.upsert"):
        items = parse_payload(envelope(event, data))
        assert items
        assert all(isinstance(item, Ignored) for item in items)
