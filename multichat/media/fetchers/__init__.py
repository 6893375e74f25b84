"""Provider fetchers: each writes one message's file into a `CacheWriter`.

A fetcher is `async (source, writer, client) -> mime type the provider reported ("" if
none)`. It raises the `media.errors` that describe the provider's answer and never puts a
secret or a provider URL into them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

import httpx

from multichat.media.cache import CacheWriter
from multichat.media.errors import ProviderError
from multichat.media.fetchers.evolution import fetch_evolution
from multichat.media.fetchers.meta import fetch_meta
from multichat.media.source import MediaSource

Fetcher = Callable[[MediaSource, CacheWriter, httpx.AsyncClient], Awaitable[str]]

FETCHERS: dict[str, Fetcher] = {"meta": fetch_meta, "evolution": fetch_evolution}


def fetcher_for(provider: str) -> Fetcher:
    try:
        return FETCHERS[provider]
    except KeyError:
        raise ProviderError(f"no media fetcher for provider {provider!r}") from None
