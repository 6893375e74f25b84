"""Files that arrive inside the webhook (Evolution's `webhook_base64` option).

They are written to the cache after the delivery commits, so opening them later calls no
provider. Best effort by design: the message is already stored, and a file that cannot
be cached (bad base64, too large, disk full) is simply fetched from Evolution on first
view, so nothing here may fail the webhook.

Only the cache key is needed (`cache_key(channel, provider message id)`), so this does
not query the message back; `Message.media.has_inline_data` records that the provider
sent the file, which the endpoint does not need to know.
"""

from __future__ import annotations

import binascii
import logging
from collections.abc import Sequence
from pathlib import Path

from django.db import transaction

from multichat.chats.inbound import IncomingMessage, WebhookItem
from multichat.media.cache import cache_key
from multichat.media.download import media_cache
from multichat.media.errors import MediaTooLargeError
from multichat.media.fetchers.evolution import decode_base64
from multichat.media.limits import media_limits
from multichat.tenants.models import Channel

logger = logging.getLogger("multichat.media")


def media_cache_inline_on_commit(*, channel: Channel, items: Sequence[WebhookItem]) -> None:
    """Cache every inline file of `items` once the current transaction commits (at once
    when there is none: the caller has committed the delivery already)."""
    inline = [
        (item.provider_message_id, item.media.inline_base64)
        for item in items
        if isinstance(item, IncomingMessage) and item.media and item.media.inline_base64
    ]
    if inline:
        channel_id = channel.pk
        transaction.on_commit(lambda: _store(channel_id, inline))


def _store(channel_id: int, inline: list[tuple[str, str]]) -> None:
    limits = media_limits()
    cache = media_cache(limits)
    stored = False
    for provider_message_id, encoded in inline:
        key = cache_key(channel_id, provider_message_id)
        if cache.contains(key):
            continue  # a redelivery: the file is the same
        try:
            data = decode_base64(encoded)
            cache.store_bytes(key, data, max_file_bytes=limits.max_file_bytes)
            stored = True
        except (binascii.Error, ValueError, MediaTooLargeError, OSError) as exc:
            logger.warning(
                "inline media not cached channel=%s message=%s reason=%s",
                channel_id,
                provider_message_id,
                type(exc).__name__,
            )
    if stored:
        cache.evict()


def media_cache_sent_file(*, channel_id: int, provider_message_id: str, path: Path) -> None:
    """Keep the file of an attachment we sent, under the key the endpoint will look up.

    The upload is deleted once the provider accepts it; without this copy, opening our own
    photo later would ask the provider for it (Evolution may not have it to give). Best
    effort like the inline files: a failure only means a fetch on first view."""
    limits = media_limits()
    cache = media_cache(limits)
    key = cache_key(channel_id, provider_message_id)
    try:
        if not cache.contains(key):
            cache.store_bytes(key, path.read_bytes(), max_file_bytes=limits.max_file_bytes)
            cache.evict(keep=key)
    except (MediaTooLargeError, OSError) as exc:
        logger.warning(
            "sent media not cached channel=%s message=%s reason=%s",
            channel_id,
            provider_message_id,
            type(exc).__name__,
        )
