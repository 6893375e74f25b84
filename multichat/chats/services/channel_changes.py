"""Contact names, chat names and channel connection state reported by providers."""

from __future__ import annotations

from django.db.models import Q

from multichat.chats.inbound import ChatInfoUpdate, ConnectionUpdate, ContactUpdate
from multichat.chats.models import Chat, Contact
from multichat.chats.services.announcements import PendingAnnouncements
from multichat.realtime.log import event_append
from multichat.tenants.models import Channel


def contact_apply_update(
    *, channel: Channel, item: ContactUpdate, pending: PendingAnnouncements
) -> None:
    """Rename a person; a group is never renamed after one of its senders."""
    if item.jid.endswith("@g.us"):
        return
    ids = [i for i in (item.jid, item.alt_jid) if i]
    chat = (
        Chat.objects.filter(
            Q(chat_id__in=ids) | Q(alt_chat_id__in=ids), channel=channel, is_group=False
        )
        .select_related("contact")
        .first()
    )
    contact = chat.contact if chat is not None and chat.contact is not None else None
    if contact is None:
        contact = Contact.objects.filter(
            Q(jid__in=ids) | Q(alt_jid__in=ids), channel=channel
        ).first()
    if contact is None:
        contact = Contact.objects.create(
            channel=channel, jid=chat.chat_id if chat else item.jid, alt_jid=item.alt_jid
        )
    fields = [
        attr
        for attr, value in (("name", item.name), ("avatar_url", item.avatar_url))
        if value and getattr(contact, attr) != value
    ]
    for attr in fields:
        setattr(contact, attr, getattr(item, attr))
    if fields:
        contact.save(update_fields=[*fields, "updated_at"])
    if chat is not None and (fields or chat.contact_id != contact.pk):
        if chat.contact_id != contact.pk:
            chat.contact = contact
            chat.save(update_fields=["contact"])
        pending.chat_changed(chat)


def chat_apply_info(
    *, channel: Channel, item: ChatInfoUpdate, pending: PendingAnnouncements
) -> None:
    chat = Chat.objects.filter(channel=channel, chat_id=item.chat_id).first()
    if chat is None or not item.name or chat.name == item.name:
        return
    chat.name = item.name
    chat.save(update_fields=["name"])
    pending.chat_changed(chat)


def channel_apply_connection(*, channel: Channel, item: ConnectionUpdate) -> None:
    """Record the connection state and announce it as a `channel_update`."""
    if channel.connection_changed_at and item.timestamp < channel.connection_changed_at:
        return
    unchanged = (
        channel.connection_state == item.state
        and channel.connection_reason == item.reason
        and (not item.own_jid or channel.own_jid == item.own_jid)
    )
    channel.connection_state = item.state
    channel.connection_reason = item.reason
    channel.connection_changed_at = item.timestamp
    if item.own_jid:
        channel.own_jid = item.own_jid
    channel.save(
        update_fields=["connection_state", "connection_reason", "connection_changed_at", "own_jid"]
    )
    if unchanged:
        return
    event_append(
        tenant_id=channel.tenant_id,
        channel_id=channel.pk,
        chat_key="",
        type="channel_update",
        data={
            "channel": channel.key,
            "connection_state": channel.connection_state,
            "reason": channel.connection_reason,
        },
        at=item.timestamp,
    )
