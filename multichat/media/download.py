"""Opening a message's file: from the cache, or fetched from the provider once.

Concurrency: the first request for an uncached file takes the key's fetch lock
(`locks.py`), fetches into a temp file and publishes it atomically; requests arriving
meanwhile wait on the lock, then find the file in the cache. So N simultaneous first
requests cause one provider download, in one process or across several. A definite
"no such file" or "expired" from the provider is remembered a while (`failures.py`).

Event loop: everything here is a coroutine. Network waits are `httpx.AsyncClient`
awaits, disk work (open, write, fsync, evict) runs in `asyncio.to_thread`, and lock
waits are `asyncio.sleep` polls, so a slow provider never blocks the loop and no thread
does blocking network I/O.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from typing import BinaryIO

from multichat.media.cache import MediaCache
from multichat.media.errors import (
    MediaExpiredError,
    MediaNotFoundError,
    MediaTooLargeError,
    ProviderUnavailableError,
)
from multichat.media.failures import remember_failure, remembered_failure
from multichat.media.fetchers import fetcher_for
from multichat.media.fetchers.http import new_client
from multichat.media.limits import MediaLimits, media_limits
from multichat.media.locks import fetch_lock
from multichat.media.source import MediaSource

logger = logging.getLogger("multichat.media")

LOCK_GRACE_SECONDS = 5.0


@dataclass
class OpenedMedia:
    """An open file (the caller closes it) and what to answer about it."""

    file: BinaryIO
    size: int
    mime_type: str


def media_cache(limits: MediaLimits) -> MediaCache:
    return MediaCache(root=limits.cache_dir, max_bytes=limits.cache_max_bytes)


async def media_open(source: MediaSource) -> OpenedMedia:
    """The message's file, fetched at most once however many requests race for it."""
    limits = media_limits()
    if source.declared_size is not None and source.declared_size > limits.max_file_bytes:
        raise MediaTooLargeError(
            f"the file is {source.declared_size} bytes; this server serves up to "
            f"{limits.max_file_bytes}"
        )
    cache = media_cache(limits)
    file = await asyncio.to_thread(cache.open, source.cache_key)
    if file is not None:
        return _opened(file, source.mime_type)
    if (refused := await remembered_failure(source.cache_key)) is not None:
        raise refused
    lock_timeout = limits.fetch_timeout_seconds + LOCK_GRACE_SECONDS
    async with fetch_lock(cache.root, source.cache_key, timeout=lock_timeout):
        file = await asyncio.to_thread(cache.open, source.cache_key)
        if file is not None:  # fetched by whoever held the lock before us
            return _opened(file, source.mime_type)
        if (refused := await remembered_failure(source.cache_key)) is not None:
            raise refused  # refused to whoever held the lock before us
        try:
            file, reported_mime = await _fetch(source, cache, limits)
        except (MediaNotFoundError, MediaExpiredError) as error:
            await remember_failure(source.cache_key, error)
            raise
    await asyncio.to_thread(cache.evict, keep=source.cache_key)
    return _opened(file, source.mime_type or reported_mime)


async def _fetch(
    source: MediaSource, cache: MediaCache, limits: MediaLimits
) -> tuple[BinaryIO, str]:
    writer = await asyncio.to_thread(
        cache.writer, source.cache_key, max_file_bytes=limits.max_file_bytes
    )
    try:
        async with asyncio.timeout(limits.fetch_timeout_seconds):
            async with new_client(limits.fetch_timeout_seconds) as client:
                mime_type = await fetcher_for(source.provider)(source, writer, client)
        file = await asyncio.to_thread(writer.commit)
    except TimeoutError:
        await asyncio.to_thread(writer.discard)
        logger.warning("media fetch deadline passed message=%s", source.message_id)
        raise ProviderUnavailableError("the provider did not deliver the file in time") from None
    except BaseException:
        await asyncio.to_thread(writer.discard)
        raise
    logger.info(
        "media fetched message=%s provider=%s bytes=%d",
        source.message_id,
        source.provider,
        writer.size,
    )
    return file, mime_type


def _opened(file: BinaryIO, mime_type: str) -> OpenedMedia:
    file.seek(0, 2)
    size = file.tell()
    file.seek(0)
    return OpenedMedia(file=file, size=size, mime_type=mime_type or "application/octet-stream")
