"""Read markers: how far each user has read each chat.

Unread counts are per user (two agents on one channel each have their own), so marking
a chat read changes only the caller's `ChatReadState` and is announced only to them.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from multichat.chats import events
from multichat.chats.models import Chat, ChatReadState


def chat_mark_read(*, chat: Chat, user: AbstractBaseUser) -> ChatReadState:
    """Mark every inbound message `chat` has now as read by `user`.

    Upserts the user's read state to the chat's current `inbound_count` (never lowering
    it) and, when that changed the user's unread count, appends a `chat_update` for that
    user only. Marking an already-read chat stores and announces nothing.
    """
    with transaction.atomic():
        inbound = Chat.objects.filter(pk=chat.pk).values_list("inbound_count", flat=True).get()
        now = timezone.now()
        state, created = ChatReadState.objects.select_for_update().get_or_create(
            chat_id=chat.pk,
            user_id=user.pk,
            defaults={"read_inbound_count": inbound, "read_at": now},
        )
        before = 0 if created else state.read_inbound_count
        if not created and inbound > state.read_inbound_count:
            state.read_inbound_count = inbound
            state.read_at = now
            state.save(update_fields=["read_inbound_count", "read_at"])
        if state.read_inbound_count != before:
            events.announce_chat(chat, only_user_id=user.pk)
    return state
