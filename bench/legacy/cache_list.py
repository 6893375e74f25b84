"""The old design's shared list of recent updates in the Django cache.

`cache_list_append` is the old code's read-modify-write: get the whole list, append,
set it back. Two writers that overlap both read the same list and the second `set`
drops the first one's update — the old design's loss under concurrent webhooks, kept
here on purpose and counted by the benchmark.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache

CACHE_KEY = "realtime_updates"
KEEP = 100  # the old list kept the most recent updates only


def cache_list_append(item: dict[str, Any]) -> None:
    items: list[dict[str, Any]] = cache.get(CACHE_KEY) or []
    items.append({**item, "at": time.time()})
    cache.set(CACHE_KEY, items[-KEEP:], None)


def cache_list_read() -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = cache.get(CACHE_KEY) or []
    return items


def cache_list_clear() -> None:
    cache.delete(CACHE_KEY)
