"""webhook_ingest: one transaction, idempotent, statuses forward-only, early statuses kept,
one chat per person whichever id arrives, every change announced exactly once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any
from unittest import mock

import pytest

from multichat.chats.inbound import (
    ChatInfoUpdate,
    ChatRef,
    ConnectionUpdate,
    ContactInfo,
    ContactUpdate,
    Ignored,
    IncomingMessage,
    MessageDeletion,
    MessageEdit,
    ReactionChange,
    StatusUpdate,
)
from multichat.chats.models import Chat, Contact, EarlyStatus, Message, Reaction
from multichat.chats.services.ingest import webhook_ingest
from multichat.realtime.models import Event
from tests.factories import AgentFactory, EvolutionChannelFactory, MetaChannelFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)


def inbound(
    pid: str = "wamid.A",
    chat: str = "5511987654321",
    at: datetime = T0,
    ref: ChatRef | None = None,
    **kw,
) -> IncomingMessage:
    defaults: dict[str, Any] = {
        "provider_message_id": pid,
        "chat": ref or ChatRef(chat_id=chat),
        "from_me": False,
        "origin": "customer",
        "type": "text",
        "timestamp": at,
        "content": "Olá",
        "sender": chat,
        "contact": ContactInfo(jid=chat, phone=chat, name="Maria Silva"),
    }
    defaults.update(kw)
    return IncomingMessage(**defaults)


def ours(pid: str = "wamid.OUT", chat: str = "5511987654321", at: datetime = T0) -> IncomingMessage:
    return inbound(pid, chat, at, from_me=True, origin="phone", contact=None, content="Oi")


def status(pid: str, name: Any, at: datetime = T0, **kw) -> StatusUpdate:
    return StatusUpdate(provider_message_id=pid, status=name, timestamp=at, **kw)


def types_of(events: list[dict[str, Any]]) -> list[str]:
    return [e["type"] for e in events]


def test_inbound_message_is_stored_with_chat_contact_and_counts(published_events) -> None:
    channel = MetaChannelFactory()
    report = webhook_ingest(channel=channel, items=[inbound()])
    assert report.stored == 1
    message = Message.objects.get()
    chat = message.chat
    assert (chat.chat_id, chat.message_count, chat.inbound_count) == ("5511987654321", 1, 1)
    assert chat.last_message_id == message.id and chat.last_message_at == T0
    assert chat.contact is not None and chat.contact.name == "Maria Silva"
    assert message.status == "delivered" and message.origin == "customer"
    assert types_of(published_events()) == ["new_message", "chat_update"]


def test_duplicate_delivery_is_stored_once_and_announced_once(published_events) -> None:
    channel = MetaChannelFactory()
    webhook_ingest(channel=channel, items=[inbound()])
    first = published_events()
    for _ in range(3):
        report = webhook_ingest(channel=channel, items=[inbound()])
        assert (report.stored, report.duplicates, report.announced) == (0, 1, 0)
    assert Message.objects.count() == 1
    assert Chat.objects.get().message_count == 1
    assert published_events() == first


def test_a_failure_halfway_stores_and_announces_nothing(published_events) -> None:
    channel = MetaChannelFactory()
    items = [inbound("wamid.1"), inbound("wamid.2", at=T0 + timedelta(seconds=1))]
    target = "multichat.chats.services.messages_inbound._apply_early_status"
    calls = {"n": 0}

    def explode_on_second(message: Message) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("boom")

    with mock.patch(target, side_effect=explode_on_second), pytest.raises(RuntimeError):
        webhook_ingest(channel=channel, items=items)
    assert Message.objects.count() == 0
    assert Chat.objects.count() == 0
    assert published_events() == []


def test_statuses_never_move_backwards(published_events) -> None:
    channel = MetaChannelFactory()
    webhook_ingest(channel=channel, items=[ours()])
    webhook_ingest(channel=channel, items=[status("wamid.OUT", "read")])
    webhook_ingest(channel=channel, items=[status("wamid.OUT", "delivered")])
    webhook_ingest(channel=channel, items=[status("wamid.OUT", "sent")])
    assert Message.objects.get().status == "read"
    statuses = [e["data"]["status"] for e in published_events() if e["type"] == "message_status"]
    assert statuses == ["read"]


def test_read_without_delivered_and_out_of_order_in_one_batch() -> None:
    channel = MetaChannelFactory()
    webhook_ingest(channel=channel, items=[ours()])
    webhook_ingest(
        channel=channel, items=[status("wamid.OUT", "read"), status("wamid.OUT", "delivered")]
    )
    assert Message.objects.get().status == "read"


def test_failed_status_keeps_the_provider_error() -> None:
    channel = MetaChannelFactory()
    webhook_ingest(channel=channel, items=[ours()])
    error = {"code": 131047, "title": "Re-engagement message"}
    webhook_ingest(channel=channel, items=[status("wamid.OUT", "failed", error=error)])
    webhook_ingest(channel=channel, items=[status("wamid.OUT", "sent")])
    message = Message.objects.get()
    assert (message.status, message.error) == ("failed", error)


def test_status_before_its_message_is_kept_and_applied_when_it_comes(published_events) -> None:
    channel = MetaChannelFactory()
    webhook_ingest(channel=channel, items=[status("wamid.OUT", "delivered")])
    webhook_ingest(channel=channel, items=[status("wamid.OUT", "sent")])
    assert EarlyStatus.objects.get().status == "delivered"
    assert published_events() == []
    webhook_ingest(channel=channel, items=[ours()])
    assert Message.objects.get().status == "delivered"
    assert EarlyStatus.objects.count() == 0
    new = [e for e in published_events() if e["type"] == "new_message"]
    assert new[0]["data"]["status"] == "delivered"


def test_status_of_another_channel_does_not_touch_the_message() -> None:
    channel, other = MetaChannelFactory(), MetaChannelFactory()
    webhook_ingest(channel=channel, items=[ours()])
    webhook_ingest(channel=other, items=[status("wamid.OUT", "read")])
    assert Message.objects.get().status == "sent"


def test_lid_and_phone_ids_lead_to_one_chat() -> None:
    channel = EvolutionChannelFactory()
    lid, phone = "112233445566778@lid", "5511987654321@s.whatsapp.net"
    webhook_ingest(channel=channel, items=[inbound("m1", chat=lid, contact=None)])
    webhook_ingest(
        channel=channel,
        items=[
            inbound(
                "m2",
                at=T0 + timedelta(seconds=5),
                contact=None,
                ref=ChatRef(chat_id=phone, alt_chat_id=lid),
            )
        ],
    )
    webhook_ingest(
        channel=channel, items=[inbound("m3", chat=lid, contact=None, at=T0 + timedelta(seconds=9))]
    )
    chat = Chat.objects.get()
    assert (chat.chat_id, chat.alt_chat_id, chat.message_count) == (phone, lid, 3)


def test_an_older_message_does_not_replace_the_last_message() -> None:
    channel = MetaChannelFactory()
    webhook_ingest(channel=channel, items=[inbound("new", at=T0 + timedelta(minutes=5))])
    webhook_ingest(channel=channel, items=[inbound("old", at=T0)])
    chat = Chat.objects.get()
    assert chat.last_message is not None
    assert chat.last_message.provider_message_id == "new"
    assert chat.last_activity_at == T0 + timedelta(minutes=5)
    assert chat.message_count == 2


def test_batch_announces_each_message_and_one_chat_update(published_events) -> None:
    channel = MetaChannelFactory()
    webhook_ingest(
        channel=channel, items=[inbound("a"), inbound("b", at=T0 + timedelta(seconds=1))]
    )
    assert types_of(published_events()) == ["new_message", "new_message", "chat_update"]


def test_reaction_attaches_to_its_target_and_removal_removes_it(published_events) -> None:
    channel = MetaChannelFactory()
    webhook_ingest(channel=channel, items=[ours("target")])
    react = ReactionChange(
        chat=ChatRef(chat_id="5511987654321"),
        target_provider_message_id="target",
        sender="5511987654321",
        from_me=False,
        emoji="👍",
        timestamp=T0,
    )
    webhook_ingest(channel=channel, items=[react])
    webhook_ingest(channel=channel, items=[react])  # redelivery: no change
    reaction = Reaction.objects.get()
    assert reaction.message is not None
    assert reaction.message.provider_message_id == "target"
    webhook_ingest(channel=channel, items=[ReactionChange(**{**react.__dict__, "emoji": ""})])
    assert Reaction.objects.count() == 0
    updates = [e for e in published_events() if e["type"] == "message_update"]
    assert [u["data"]["reactions"] for u in updates] == [
        [{"emoji": "👍", "from_me": False, "sender": "5511987654321"}],
        [],
    ]
    assert Message.objects.count() == 1  # a reaction is not a bubble


def test_reaction_before_its_target_is_attached_when_the_target_arrives() -> None:
    channel = MetaChannelFactory()
    react = ReactionChange(
        chat=ChatRef(chat_id="5511987654321"),
        target_provider_message_id="later",
        sender="5511987654321",
        from_me=False,
        emoji="❤️",
        timestamp=T0,
    )
    webhook_ingest(channel=channel, items=[react])
    webhook_ingest(channel=channel, items=[ours("later")])
    reaction = Reaction.objects.get()
    assert reaction.message is not None
    assert reaction.message.provider_message_id == "later"


def test_edit_latest_wins_and_deletion_keeps_the_row(published_events) -> None:
    channel = EvolutionChannelFactory()
    webhook_ingest(channel=channel, items=[inbound("m1")])
    later, earlier = T0 + timedelta(minutes=2), T0 + timedelta(minutes=1)
    webhook_ingest(
        channel=channel,
        items=[MessageEdit(provider_message_id="m1", content="v2", edited_at=later)],
    )
    webhook_ingest(
        channel=channel,
        items=[MessageEdit(provider_message_id="m1", content="v1", edited_at=earlier)],
    )
    message = Message.objects.get()
    assert (message.content, message.edited_at) == ("v2", later)
    webhook_ingest(
        channel=channel, items=[MessageDeletion(provider_message_id="m1", deleted_at=later)]
    )
    webhook_ingest(
        channel=channel, items=[MessageDeletion(provider_message_id="m1", deleted_at=later)]
    )
    message.refresh_from_db()
    assert message.deleted
    update_types = types_of(published_events())
    assert update_types.count("message_update") == 2
    last_update = [e for e in published_events() if e["type"] == "message_update"][-1]
    assert last_update["data"]["deleted"] is True and last_update["data"]["content"] == ""


def test_contact_update_renames_person_but_never_a_group() -> None:
    channel = EvolutionChannelFactory()
    group = "120363025246125888@g.us"
    webhook_ingest(
        channel=channel,
        items=[
            inbound("g1", contact=None, ref=ChatRef(chat_id=group, is_group=True)),
            ChatInfoUpdate(chat_id=group, name="Equipe Loja"),
        ],
    )
    webhook_ingest(channel=channel, items=[ContactUpdate(jid=group, name="Sender Name")])
    assert Chat.objects.get(chat_id=group).name == "Equipe Loja"
    person = "5511987654321@s.whatsapp.net"
    webhook_ingest(channel=channel, items=[inbound("p1", chat=person, contact=None)])
    webhook_ingest(
        channel=channel,
        items=[ContactUpdate(jid=person, name="Maria S.", avatar_url="https://x.example/a.jpg")],
    )
    contact = Chat.objects.get(chat_id=person).contact
    assert contact is not None
    assert (contact.name, contact.avatar_url) == ("Maria S.", "https://x.example/a.jpg")


def test_from_me_message_never_renames_the_contact() -> None:
    channel = EvolutionChannelFactory()
    person = "5511987654321@s.whatsapp.net"
    webhook_ingest(
        channel=channel,
        items=[inbound("p1", chat=person, contact=ContactInfo(jid=person, name="Maria"))],
    )
    webhook_ingest(channel=channel, items=[ours("p2", chat=person)])
    assert Contact.objects.get().name == "Maria"


def test_connection_update_is_recorded_and_announced_once(published_events) -> None:
    channel = EvolutionChannelFactory()
    item = ConnectionUpdate(state="disconnected", timestamp=T0, reason="401")
    webhook_ingest(channel=channel, items=[item])
    webhook_ingest(channel=channel, items=[item])
    channel.refresh_from_db()
    assert (channel.connection_state, channel.connection_reason) == ("disconnected", "401")
    assert types_of(published_events()) == ["channel_update"]


def test_ignored_items_store_nothing() -> None:
    channel = EvolutionChannelFactory()
    report = webhook_ingest(channel=channel, items=[Ignored(reason="status broadcast")])
    assert report.ignored == ["status broadcast"]
    assert Event.objects.count() == 0 and Message.objects.count() == 0


def test_chat_update_carries_each_users_own_unread_count(published_events) -> None:
    channel = MetaChannelFactory()
    admin = AgentFactory(tenant=channel.tenant, role="admin")
    agent = AgentFactory(tenant=channel.tenant, channels=[channel])
    outsider = AgentFactory(tenant=channel.tenant)
    webhook_ingest(
        channel=channel, items=[inbound("a"), inbound("b", at=T0 + timedelta(seconds=1))]
    )
    row = Event.objects.filter(type="chat_update").get()
    assert row.personal == {
        str(admin.user_id): {"unread_count": 2},
        str(agent.user_id): {"unread_count": 2},
    }
    assert str(outsider.user_id) not in row.personal
