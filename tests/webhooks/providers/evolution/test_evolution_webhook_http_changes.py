"""Evolution deliveries that change what is stored, through the real ASGI server: the inbox's
own sends met by send.message and receipts (in any order), reactions, edits, deletions,
contact and chat names, LID merging and the channel's connection state."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from multichat.chats.models import Chat, Contact, EarlyStatus, Message, Reaction
from tests.factories import ChatFactory, ContactFactory, MessageFactory

from .helpers import GROUP, MARIA, MARIA_LID, load

OURS = "3EB0C5A2F1D4E6B7A8C9D0"  # send_message_text.json, messages_update_*.json
INBOUND = "AC3F1E2D4B5A69788796A5B4C3D2E1F0"  # messages_upsert_text.json


def kinds(updates: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(update["type"], update["chat_id"]) for update in updates]


def sent_by_the_inbox(channel: Any) -> Any:
    """The row the inbox wrote when it called Evolution's sendText and got `OURS` back."""
    contact = ContactFactory(channel=channel, jid=MARIA, phone="5511987654321", name="Maria")
    chat = ChatFactory(channel=channel, contact=contact, chat_id=MARIA)
    return MessageFactory(
        chat=chat,
        provider_message_id=OURS,
        from_me=True,
        origin="inbox",
        status="sent",
        content="Temos horário amanhã, qual prefere?",
        timestamp=datetime(2025, 7, 1, 12, 3, 20, tzinfo=UTC),
    )


def test_send_message_reuses_the_row_the_inbox_created(channel, post, published_events) -> None:
    ours = sent_by_the_inbox(channel)
    response = post("send_message_text.json")
    assert (response.status_code, response.json()["duplicates"]) == (200, 1)
    assert Message.objects.get().pk == ours.pk
    ours.refresh_from_db()
    assert (ours.origin, ours.status) == ("inbox", "sent")  # PENDING never moves it back
    assert published_events() == []


def test_receipts_move_our_message_forward_and_never_back(channel, post, published_events) -> None:
    ours = sent_by_the_inbox(channel)
    assert post("messages_update_read.json").status_code == 200
    assert post("messages_update_delivered.json").status_code == 200
    ours.refresh_from_db()
    assert ours.status == "read"
    assert kinds(published_events()) == [("message_status", MARIA)]
    assert published_events()[0]["data"]["status"] == "read"


def test_a_receipt_before_its_message_is_applied_when_the_message_arrives(
    channel, post, published_events
) -> None:
    assert post("messages_update_delivered.json").status_code == 200
    assert EarlyStatus.objects.get().provider_message_id == OURS
    assert (Message.objects.count(), published_events()) == (0, [])
    assert post("send_message_text.json").json()["stored"] == 1
    message = Message.objects.get()
    assert (message.provider_message_id, message.origin, message.status) == (
        OURS,
        "api",
        "delivered",
    )
    assert EarlyStatus.objects.count() == 0
    assert kinds(published_events()) == [("new_message", MARIA), ("chat_update", MARIA)]
    assert published_events()[0]["data"]["status"] == "delivered"


def test_reading_the_customers_message_on_the_phone_marks_it_read(channel, post) -> None:
    post("messages_upsert_text.json")
    assert post("messages_update_inbound_read_by_us.json").status_code == 200
    message = Message.objects.get()
    assert (message.provider_message_id, message.from_me, message.status) == (
        INBOUND,
        False,
        "read",
    )


def test_a_reaction_lands_on_its_target_and_its_removal_takes_it_away(
    channel, post, published_events
) -> None:
    post("send_message_text.json")
    before = len(published_events())
    assert post("messages_upsert_reaction.json").status_code == 200
    reaction = Reaction.objects.get()
    assert reaction.message is not None
    assert (reaction.message.provider_message_id, reaction.sender, reaction.emoji) == (
        OURS,
        MARIA,
        "❤️",
    )
    assert Message.objects.count() == 1
    removal = load("messages_upsert_reaction.json")
    removal["data"]["key"]["id"] = "7E6D5C4B3A29180716253443526170FE"
    removal["data"]["message"]["reactionMessage"]["text"] = ""
    assert post(body=removal).status_code == 200
    assert Reaction.objects.count() == 0
    updates = published_events()[before:]
    assert kinds(updates) == [("message_update", MARIA), ("message_update", MARIA)]
    assert [u["data"]["reactions"] for u in updates] == [
        [{"emoji": "❤️", "from_me": False, "sender": MARIA}],
        [],
    ]


def test_a_customer_edit_changes_the_text_matched_on_the_id_only(
    channel, post, published_events
) -> None:
    post("messages_upsert_text.json")
    before = len(published_events())
    assert post("messages_edited.json").status_code == 200
    message = Message.objects.get()
    assert (message.content, message.edited_at) == (
        "Olá! Vocês abrem domingo de manhã?",
        datetime(2025, 7, 1, 12, 50, tzinfo=UTC),
    )
    assert kinds(published_events()[before:]) == [("message_update", MARIA), ("chat_update", MARIA)]
    assert Chat.objects.count() == 1  # the editor's key (our own jid) made no chat


def test_delete_and_its_revoke_echo_hide_the_message_once(channel, post, published_events) -> None:
    upsert = load("messages_upsert_text.json")
    upsert["data"]["key"]["id"] = "A1B2C3D4E5F60718293A4B5C6D7E8F90"
    post(body=upsert)
    before = len(published_events())
    assert post("messages_delete.json").status_code == 200
    assert post("messages_edited_revoke.json").status_code == 200
    message = Message.objects.get()
    assert message.deleted is True
    assert message.content == "Olá! Vocês abrem domingo?"  # kept; the API hides it
    assert kinds(published_events()[before:]) == [("message_update", MARIA), ("chat_update", MARIA)]


def test_a_lid_chat_and_its_phone_are_one_chat(channel, post) -> None:
    bare = load("messages_upsert_lid_chat.json")
    del bare["data"]["key"]["remoteJidAlt"]
    bare["data"]["key"]["id"] = "2A9F0B1C3D5E7F8091A1"
    post(body=bare)
    post("messages_upsert_lid_chat.json")
    chat = Chat.objects.get()
    assert (chat.chat_id, chat.alt_chat_id, chat.message_count) == (
        "5531987001122@s.whatsapp.net",
        "198765432109876@lid",
        2,
    )


def test_a_group_is_named_by_chats_upsert_and_never_after_a_sender(channel, post) -> None:
    post("messages_upsert_group_image.json")
    assert post("contacts_update_single_object.json").json()["ignored"] == 1
    group = Chat.objects.get(chat_id=GROUP)
    assert (group.is_group, group.name, group.contact_id) == (True, "", None)
    assert post("chats_upsert.json").status_code == 200
    group.refresh_from_db()
    assert group.name == "Clientes VIP Loja Centro"
    assert Message.objects.get().sender_name == "João Souza"


def test_contacts_update_names_the_person_and_sets_the_picture(
    channel, post, published_events
) -> None:
    post("messages_upsert_from_me_phone.json")
    assert post("contacts_update.json").status_code == 200
    contact = Contact.objects.get(jid=MARIA)
    assert contact.name == "Maria Silva"
    assert contact.avatar_url == load("contacts_update.json")["data"][0]["profilePicUrl"]
    assert Chat.objects.get().alt_chat_id == MARIA_LID
    assert kinds(published_events())[-1] == ("chat_update", MARIA)


def test_connection_updates_set_the_channel_state(channel, post, published_events) -> None:
    assert post("connection_update_open.json").status_code == 200
    channel.refresh_from_db()
    assert (channel.connection_state, channel.own_jid) == (
        "connected",
        "5511940001234@s.whatsapp.net",
    )
    assert post("connection_update_close.json").status_code == 200
    channel.refresh_from_db()
    assert (channel.connection_state, channel.connection_reason) == ("disconnected", "401")
    updates = published_events()
    assert [(u["type"], u["data"]["connection_state"]) for u in updates] == [
        ("channel_update", "connected"),
        ("channel_update", "disconnected"),
    ]
