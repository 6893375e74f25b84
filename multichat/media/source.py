"""Which file a media request is about, decided with the caller's visibility.

`media_source_for` is the only read this package does: it starts from
`chats.selectors.chats_visible_to`, so a message of another tenant or of a channel the
agent was not given is "not found", exactly like an id that never existed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.base_user import AbstractBaseUser

from multichat.chats.models import Message
from multichat.chats.selectors import chats_visible_to
from multichat.core.exceptions import NotFoundError
from multichat.media.cache import cache_key

MEDIA_TYPES = frozenset({"image", "audio", "video", "document", "sticker"})


@dataclass(frozen=True)
class MediaSource:
    """Everything needed to fetch and serve one message's file, loaded in one query, so
    the async code after it touches no ORM object. `secret` is the Meta access token or
    the Evolution api key: never logged, never in an error (`repr=False`)."""

    message_id: int
    cache_key: str
    type: str
    provider: str
    api_base_url: str
    instance: str
    provider_message_id: str
    media_id: str
    mime_type: str
    filename: str
    declared_size: int | None
    secret: str = field(repr=False)


def _declared_size(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def media_source_for(*, user: AbstractBaseUser, message_pk: int) -> MediaSource:
    """The visible message's media; NotFoundError when the message is not visible, is
    deleted, or has no file (text, location, ...)."""
    message = (
        Message.objects.filter(pk=message_pk, chat__in=chats_visible_to(user))
        .select_related("channel")
        .first()
    )
    if message is None:
        raise NotFoundError("message not found")
    media = message.media if isinstance(message.media, dict) else None
    if message.deleted or message.type not in MEDIA_TYPES or media is None:
        raise NotFoundError("this message has no media")
    if not message.provider_message_id:
        raise NotFoundError("this message has no media the provider can serve")
    channel = message.channel
    return MediaSource(
        message_id=message.pk,
        cache_key=cache_key(channel.pk, message.provider_message_id),
        type=message.type,
        provider=channel.provider,
        api_base_url=channel.api_base_url,
        instance=channel.instance or "",
        provider_message_id=message.provider_message_id,
        media_id=str(media.get("id") or ""),
        mime_type=str(media.get("mime_type") or ""),
        filename=str(media.get("filename") or ""),
        declared_size=_declared_size(media.get("size")),
        secret=channel.access_token if channel.provider == "meta" else channel.api_key,
    )
