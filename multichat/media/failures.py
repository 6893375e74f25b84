"""Remembered answers "the provider has no such file" / "no longer has it" (404, 410).

Without this every view of an old chat whose photos expired at the provider (Meta keeps
media for 30 days) would ask the provider again — one or two outbound requests per image
per page view, each as slow as the provider. Only those two definite answers are kept,
for MEDIA_FAILURE_MEMORY_SECONDS, in the Django cache (Redis with REDIS_URL: shared by
every process); a timeout or a 5xx is never remembered, the next view tries again. A
file that reaches the disk cache later (an Evolution webhook carrying it inline) is
served, since the disk cache is read first.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

from multichat.media.errors import MediaExpiredError, MediaNotFoundError

logger = logging.getLogger("multichat.media")

RememberedError = MediaNotFoundError | MediaExpiredError
_KINDS: dict[str, type[RememberedError]] = {
    MediaNotFoundError.code: MediaNotFoundError,
    MediaExpiredError.code: MediaExpiredError,
}


def _key(cache_key: str) -> str:
    return f"media-failure:{cache_key}"


async def remembered_failure(cache_key: str) -> RememberedError | None:
    """The provider's earlier definite refusal of this file, if still remembered."""
    try:
        kept = await cache.aget(_key(cache_key))
    except (RedisError, OSError):
        return None
    if not isinstance(kept, dict) or kept.get("code") not in _KINDS:
        return None
    return _KINDS[kept["code"]](str(kept.get("detail", "")))


async def remember_failure(cache_key: str, error: RememberedError) -> None:
    seconds = float(getattr(settings, "MEDIA_FAILURE_MEMORY_SECONDS", 600))
    if seconds <= 0:
        return
    try:
        await cache.aset(_key(cache_key), {"code": error.code, "detail": error.message}, seconds)
    except (RedisError, OSError) as failure:
        logger.warning("media failure not remembered: %s", type(failure).__name__)
