"""What the fetchers share: the HTTP client, transport errors and status mapping.

The client follows no redirects unless a fetcher asks (lookups are API calls on a known
base URL), and honours the operator's proxy environment (HTTPS_PROXY, NO_PROXY).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager

import httpx

from multichat.media.cache import CacheWriter
from multichat.media.errors import (
    MediaExpiredError,
    MediaNotFoundError,
    MediaTooLargeError,
    ProviderError,
    ProviderUnavailableError,
)

logger = logging.getLogger("multichat.media")

CHUNK_BYTES = 256 * 1024
# Per network operation (connect, each read); the whole fetch has its own deadline.
OPERATION_TIMEOUT_SECONDS = 15.0


def new_client(deadline_seconds: float) -> httpx.AsyncClient:
    per_operation = min(OPERATION_TIMEOUT_SECONDS, deadline_seconds)
    return httpx.AsyncClient(timeout=httpx.Timeout(per_operation), follow_redirects=False)


@contextmanager
def provider_call(provider: str, what: str) -> Iterator[None]:
    """Turn transport failures into ProviderUnavailableError, logged without secrets."""
    try:
        yield
    except httpx.TimeoutException:
        logger.warning("media %s %s timed out", provider, what)
        raise ProviderUnavailableError(f"{provider} did not answer the {what} in time") from None
    except httpx.TransportError as exc:
        logger.warning("media %s %s failed: %s", provider, what, type(exc).__name__)
        raise ProviderUnavailableError(f"could not reach {provider} for the {what}") from None


def raise_for_status(provider: str, what: str, status: int) -> None:
    """Map a provider's non-2xx answer: 404 and 410 are the file's fate, 5xx and 429
    an outage, anything else (401, 403, 400...) a provider error for the operator."""
    if 200 <= status < 300:
        return
    logger.warning("media %s %s answered HTTP %d", provider, what, status)
    if status == 404:
        raise MediaNotFoundError(f"{provider} has no such file")
    if status == 410:
        raise MediaExpiredError(f"{provider} no longer has this file")
    if status >= 500 or status == 429:
        raise ProviderUnavailableError(f"{provider} answered the {what} with HTTP {status}")
    raise ProviderError(f"{provider} refused the {what} (HTTP {status})")


def refuse_declared_size(declared: int | None, writer: CacheWriter) -> None:
    if declared is not None and declared > writer.max_bytes:
        raise MediaTooLargeError(
            f"the file is {declared} bytes; this server serves up to {writer.max_bytes}"
        )


async def read_limited(response: httpx.Response, limit: int) -> bytes:
    """The body, refusing (MediaTooLargeError) once it passes `limit` bytes."""
    content_length = response.headers.get("content-length", "")
    if content_length.isdigit() and int(content_length) > limit:
        raise MediaTooLargeError(f"the provider's answer is larger than {limit} bytes")
    parts: list[bytes] = []
    size = 0
    async for chunk in response.aiter_bytes(CHUNK_BYTES):
        size += len(chunk)
        if size > limit:
            raise MediaTooLargeError(f"the provider's answer is larger than {limit} bytes")
        parts.append(chunk)
    return b"".join(parts)


async def stream_into(response: httpx.Response, writer: CacheWriter) -> None:
    """Copy the body into `writer` chunk by chunk; disk writes run off the event loop."""
    content_length = response.headers.get("content-length", "")
    if content_length.isdigit():
        refuse_declared_size(int(content_length), writer)
    async for chunk in response.aiter_bytes(CHUNK_BYTES):
        await asyncio.to_thread(writer.write, chunk)
