"""Finding or creating the chat and contact a webhook item belongs to.

WhatsApp gives one person several ids (phone jid and `@lid` on Evolution; `wa_id` and a
business-scoped user id on Meta). A chat is found by either id, so one person keeps one
chat; when a chat first known by its `@lid` learns the phone jid, the phone jid becomes
its `chat_id` and the lid its alternate.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q

from multichat.chats.inbound import ChatRef, ContactInfo
from multichat.chats.models import Chat, Contact
from multichat.tenants.models import Channel


def chat_find(channel: Channel, ref: ChatRef, *, lock: bool = False) -> Chat | None:
    ids = [i for i in (ref.chat_id, ref.alt_chat_id) if i]
    query = Chat.objects.filter(channel=channel)
    if lock:
        query = query.select_for_update()
    by_primary = query.filter(chat_id__in=ids).order_by("id").first()
    if by_primary is not None:
        return by_primary
    return query.filter(alt_chat_id__in=ids).exclude(alt_chat_id="").order_by("id").first()


def _learn_ids(chat: Chat, ref: ChatRef) -> bool:
    """Record a newly learned id of the same person; prefer a phone id as `chat_id`."""
    changed = False
    if (
        chat.chat_id != ref.chat_id
        and chat.chat_id.endswith("@lid")
        and not ref.chat_id.endswith("@lid")
    ):
        taken = Chat.objects.filter(channel_id=chat.channel_id, chat_id=ref.chat_id).exists()
        if not taken:
            chat.alt_chat_id, chat.chat_id = chat.chat_id, ref.chat_id
            changed = True
    if ref.alt_chat_id and not chat.alt_chat_id and ref.alt_chat_id != chat.chat_id:
        chat.alt_chat_id = ref.alt_chat_id
        changed = True
    return changed


def chat_get_or_create(channel: Channel, ref: ChatRef, *, at: datetime) -> tuple[Chat, bool]:
    """The chat for `ref`, locked for this transaction; created when new."""
    chat = chat_find(channel, ref, lock=True)
    if chat is not None:
        if _learn_ids(chat, ref):
            chat.save(update_fields=["chat_id", "alt_chat_id"])
        return chat, False
    try:
        with transaction.atomic():
            chat = Chat.objects.create(
                channel=channel,
                chat_id=ref.chat_id,
                alt_chat_id=ref.alt_chat_id if ref.alt_chat_id != ref.chat_id else "",
                is_group=ref.is_group,
                last_activity_at=at,
            )
            return chat, True
    except IntegrityError:
        # A concurrent webhook created it first; use theirs.
        found = chat_find(channel, ref, lock=True)
        if found is None:
            raise
        return found, False


def contact_upsert(chat: Chat, info: ContactInfo) -> bool:
    """Attach/refresh the contact of a 1:1 chat. Returns whether the chat's view changed."""
    contact = (
        chat.contact
        or Contact.objects.filter(
            Q(jid__in=[info.jid, chat.chat_id]) | Q(alt_jid=info.jid), channel_id=chat.channel_id
        ).first()
    )
    changed = False
    if contact is None:
        contact, _ = Contact.objects.get_or_create(channel_id=chat.channel_id, jid=chat.chat_id)
        changed = True
    fields = []
    for attr, value in (
        ("name", info.name),
        ("phone", info.phone),
        ("alt_jid", info.alt_jid),
        ("avatar_url", info.avatar_url),
    ):
        if value and getattr(contact, attr) != value:
            setattr(contact, attr, value)
            fields.append(attr)
    if fields:
        contact.save(update_fields=[*fields, "updated_at"])
        changed = True
    if chat.contact_id != contact.pk:
        chat.contact = contact
        chat.save(update_fields=["contact"])
        changed = True
    return changed
