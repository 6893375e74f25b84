"""Blocking reads of the event log, run on the hub's own database thread.

One thread (and so one database connection) per process does all live reads, so
readers never compete with request handlers for Django's shared sync thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from django.db import close_old_connections, connections
from django.db.models import Max, Q

from multichat.realtime.models import Event, EventLogState
from multichat.realtime.subscription import Subscription

T = TypeVar("T")

EVENT_FIELDS = (
    "id",
    "tenant_id",
    "channel_id",
    "user_id",
    "chat_key",
    "update",
    "personal",
    "created_at",
)


class LogReader:
    """Runs blocking log queries on its own small thread pool (one connection a thread)."""

    def __init__(self, threads: int = 1, name: str = "event-log") -> None:
        self._executor = ThreadPoolExecutor(max_workers=threads, thread_name_prefix=name)

    async def run(self, func: Callable[..., T], *args: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, _guarded, func, args)


def _guarded(func: Callable[..., T], args: tuple[Any, ...]) -> T:
    close_old_connections()  # drop a connection the database has closed meanwhile
    try:
        return func(*args)
    except Exception:
        connections.close_all()
        raise


def head_id() -> int:
    value = Event.objects.aggregate(head=Max("id"))["head"]
    return int(value or 0)


def pruned_through_id() -> int:
    state = EventLogState.objects.filter(pk=1).first()
    return state.pruned_through_id if state else 0


def read_after(after_id: int, limit: int) -> list[dict[str, Any]]:
    return list(Event.objects.filter(id__gt=after_id).order_by("id").values(*EVENT_FIELDS)[:limit])


def read_for_replay(
    scope: Subscription, after_id: int, until_id: int, limit: int
) -> list[dict[str, Any]]:
    """The rows one stream may see in (after_id, until_id], oldest first."""
    grant, user_id, chat_filter = scope.grant, scope.user_id, scope.chat_filter
    rows = Event.objects.filter(
        Q(channel_id__in=grant.channel_ids) | Q(channel_id__isnull=True),
        Q(user_id__isnull=True) | Q(user_id=user_id),
        tenant_id=grant.tenant_id,
        id__gt=after_id,
        id__lte=until_id,
    )
    if chat_filter is not None:
        rows = rows.filter(chat_key=chat_filter)
    page = rows.order_by("id").values("id", "update", "personal")[:limit]
    return [dict(row) for row in page]


# Shared by stream set-up and replays (auth, grants, resume checks): a few threads for the
# whole process, however many streams are open.
STREAM_POOL = LogReader(threads=4, name="stream-db")
