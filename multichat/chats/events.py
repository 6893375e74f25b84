"""Announcements: the only place chat changes become event-log rows.

Each function is called by a service inside the transaction of the change it announces
(see `realtime.log.event_append`). The audience is the chat's tenant and channel; a
`chat_update` carries each entitled user's own unread count in `personal`.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch

from multichat.chats.models import Chat, ChatReadState, Message, Reaction
from multichat.chats.serialization import chat_to_dict, message_to_dict
from multichat.realtime.log import event_append
from multichat.tenants.access import channel_audience_user_ids


def _append(chat: Chat, type: str, data: dict[str, Any], **extra: Any) -> None:
    event_append(
        tenant_id=chat.channel.tenant_id,
        channel_id=chat.channel_id,
        chat_key=chat.chat_id,
        type=type,
        data=data,
        **extra,
    )


def _fresh_message(message: Message) -> Message:
    return Message.objects.prefetch_related(
        Prefetch("reactions", queryset=Reaction.objects.order_by("id"))
    ).get(pk=message.pk)


def announce_new_message(message: Message) -> None:
    message = _fresh_message(message)
    _append(message.chat, "new_message", message_to_dict(message))


def announce_message_update(message: Message) -> None:
    """An edit, a deletion or a reaction changed the message."""
    message = _fresh_message(message)
    _append(message.chat, "message_update", message_to_dict(message))


def announce_message_status(message: Message) -> None:
    data = {
        "id": message.id,
        "provider_message_id": message.provider_message_id,
        "status": message.status,
        "error": message.error,
    }
    _append(message.chat, "message_status", data)


def unread_counts(chat: Chat, user_ids: list[int]) -> dict[int, int]:
    """Each user's unread count in `chat` (inbound messages since their last read)."""
    read = dict(
        ChatReadState.objects.filter(chat=chat, user_id__in=user_ids).values_list(
            "user_id", "read_inbound_count"
        )
    )
    return {uid: max(chat.inbound_count - read.get(uid, 0), 0) for uid in user_ids}


def announce_chat(chat: Chat, *, only_user_id: int | None = None) -> None:
    """A `chat_update` for every entitled user, or for one user (its own read marker)."""
    chat = Chat.objects.select_related("channel", "contact", "last_message").get(pk=chat.pk)
    if chat.last_message is not None:
        chat.last_message = _fresh_message(chat.last_message)
    audience = (
        [only_user_id] if only_user_id is not None else channel_audience_user_ids(chat.channel)
    )
    counts = unread_counts(chat, audience)
    personal = {str(uid): {"unread_count": n} for uid, n in counts.items()}
    data = chat_to_dict(chat, unread_count=0)
    _append(chat, "chat_update", data, user_id=only_user_id, personal=personal)
