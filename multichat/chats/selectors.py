"""Reads for the REST API: which chats and messages a user may see, loaded for serializing.

Visibility is decided once, in `tenants.access`: every query here starts from
`chats_visible_to`, so a chat of another tenant or of a channel the user was not given
is simply absent — looking it up by id gives the same `NotFoundError` as an id that
never existed. Querysets come back with the relations `serialization` needs, so a page
costs a constant number of queries whatever its size.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.db.models import F, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest

from multichat.chats.models import Chat, ChatReadState, Message, Reaction
from multichat.core.exceptions import NotFoundError
from multichat.tenants.access import agent_for_user, visible_channels

User = AbstractBaseUser  # the APIs pass the authenticated caller

# Name of the per-user unread annotation; read it back with `unread_of`.
UNREAD_ATTR = "unread_count"


def chats_visible_to(user: User) -> QuerySet[Chat]:
    """Every chat `user` may see (none for a user without membership)."""
    return Chat.objects.filter(channel__in=visible_channels(agent_for_user(user)))


def _with_unread_count(chats: QuerySet[Chat], user: User) -> QuerySet[Chat]:
    """Annotate the caller's own unread count in the same query (no query per row).

    unread = inbound messages the chat has had minus those the user had when it last
    read; no read state means everything inbound is unread.
    """
    read = ChatReadState.objects.filter(chat=OuterRef("pk"), user_id=user.pk).values(
        "read_inbound_count"
    )[:1]
    unread = Greatest(
        F("inbound_count") - Coalesce(Subquery(read), Value(0)),
        Value(0),
        output_field=IntegerField(),
    )
    return chats.annotate(**{UNREAD_ATTR: unread})


def unread_of(chat: Chat) -> int:
    """The unread count annotated by the chat selectors below."""
    return int(getattr(chat, UNREAD_ATTR))


def _for_serializing(chats: QuerySet[Chat], user: User) -> QuerySet[Chat]:
    return (
        _with_unread_count(chats, user)
        .select_related("channel", "contact", "last_message")
        .prefetch_related(
            Prefetch("last_message__reactions", queryset=Reaction.objects.order_by("id"))
        )
    )


def chat_list_for_user(*, user: User, search: str = "", channel_key: str = "") -> QuerySet[Chat]:
    """Visible chats, optionally narrowed to one channel `key` and a case-insensitive
    search on the chat's name, the contact's name or phone, and the provider chat id."""
    chats = chats_visible_to(user)
    if channel_key:
        chats = chats.filter(channel__key=channel_key)
    if search:
        chats = chats.filter(
            Q(name__icontains=search)
            | Q(contact__name__icontains=search)
            | Q(contact__phone__icontains=search)
            | Q(chat_id__icontains=search)
        )
    return _for_serializing(chats, user)


def chat_get_for_user(*, user: User, chat_pk: int) -> Chat:
    """One visible chat, ready for `chat_to_dict`; `NotFoundError` when not visible."""
    chat = _for_serializing(chats_visible_to(user), user).filter(pk=chat_pk).first()
    if chat is None:
        raise NotFoundError("chat not found")
    return chat


def chat_visible_get(*, user: User, chat_pk: int) -> Chat:
    """One visible chat (with its channel), for reading or writing its messages."""
    chat = chats_visible_to(user).select_related("channel").filter(pk=chat_pk).first()
    if chat is None:
        raise NotFoundError("chat not found")
    return chat


def message_list_for_chat(*, chat: Chat) -> QuerySet[Message]:
    """The chat's messages with their reactions prefetched (ordering left to the pager)."""
    return Message.objects.filter(chat=chat).prefetch_related(
        Prefetch("reactions", queryset=Reaction.objects.order_by("id"))
    )


def message_get(*, chat: Chat, message_pk: int) -> Message:
    """One message of `chat`, reactions prefetched, for answering a write."""
    return message_list_for_chat(chat=chat).get(pk=message_pk)


def message_visible_get(*, user: User, message_pk: int) -> Message:
    """One message of a chat `user` may see (with its chat); `NotFoundError` otherwise."""
    message = (
        Message.objects.select_related("chat__channel")
        .filter(pk=message_pk, chat__in=chats_visible_to(user))
        .first()
    )
    if message is None:
        raise NotFoundError("message not found")
    return message
