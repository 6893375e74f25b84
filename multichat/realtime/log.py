"""Writing to the event log. Only services call `event_append`, inside their transaction.

Ordering guarantee: ids become visible in increasing order. A reader that has seen id N
must never later find a committed id below N, or it would skip it. Sequence order is not
commit order under concurrent writers, so on PostgreSQL every transaction that appends
events first takes one transaction-scoped advisory lock: ids are then allocated and
committed one writer at a time (the lock is held only from the first append to commit,
the tail of the transaction). SQLite already serializes writers.

A rolled-back transaction takes its events with it; committed events wake the broker
through `on_commit`, so nothing is announced before it is durable.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from multichat.realtime.catalogue import UPDATE_TYPES
from multichat.realtime.models import Event

# Any constant works; it only has to be the same for every writer of the log.
EVENT_LOG_LOCK_KEY = 0x6D756C7469  # "multi"

_commit_listeners: list[Callable[[], None]] = []


def add_commit_listener(listener: Callable[[], None]) -> None:
    """Register a callback run (once) after any transaction that appended events commits."""
    if listener not in _commit_listeners:
        _commit_listeners.append(listener)


def remove_commit_listener(listener: Callable[[], None]) -> None:
    if listener in _commit_listeners:
        _commit_listeners.remove(listener)


def _notify_committed() -> None:
    for listener in list(_commit_listeners):
        listener()


def _first_append_in_transaction() -> bool:
    # Entries are (savepoint ids, callback, robust); the stubs know only two fields.
    return not any(entry[1] is _notify_committed for entry in connection.run_on_commit)


def event_append(
    *,
    tenant_id: int,
    channel_id: int | None,
    chat_key: str,
    type: str,
    data: dict[str, Any],
    user_id: int | None = None,
    personal: dict[str, dict[str, Any]] | None = None,
    at: datetime | None = None,
) -> Event:
    """Append one update to the log, inside the caller's open transaction."""
    if not connection.in_atomic_block:
        raise RuntimeError("event_append must run inside the transaction of its change")
    if type not in UPDATE_TYPES:
        raise ValueError(f"unknown update type {type!r}; add it to realtime/catalogue.py")
    if _first_append_in_transaction():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [EVENT_LOG_LOCK_KEY])
        transaction.on_commit(_notify_committed)
    timestamp = (at or timezone.now()).isoformat().replace("+00:00", "Z")
    return Event.objects.create(
        tenant_id=tenant_id,
        channel_id=channel_id,
        user_id=user_id,
        chat_key=chat_key,
        type=type,
        update={"type": type, "chat_id": chat_key, "timestamp": timestamp, "data": data},
        personal=personal,
    )


def personalize(
    update: dict[str, Any], personal: dict[str, Any] | None, user_id: int
) -> dict[str, Any]:
    """The update as `user_id` receives it: its own per-user values merged into `data`."""
    mine = (personal or {}).get(str(user_id))
    if not mine:
        return update
    return {**update, "data": {**update["data"], **mine}}
