"""One realtime stream from connect to close, transport-neutral (SSE and WebSocket).

Order of operations, so that nothing falls between replay and live delivery:
1. subscribe to the hub: live updates after `live_from` start collecting in the mailbox;
2. if the client resumes, replay from the log every update it may see in
   (last_event_id, live_from] — or send `reset` if that range is no longer complete;
3. deliver the mailbox, dropping anything at or below what was already sent.
Ids only grow on a stream; an update is never sent twice.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator
from dataclasses import dataclass

from django.conf import settings

from multichat.realtime import log_reader, metrics
from multichat.realtime.hub import Hub
from multichat.realtime.log import personalize
from multichat.realtime.subscription import Subscription
from multichat.realtime.wire import reset_update

REPLAY_PAGE = 500


@dataclass(frozen=True)
class Batch:
    """Updates to send as one transport message; an empty batch with `ping` is a keepalive."""

    event_id: int
    updates: list[str]
    ping: bool = False


async def stream_batches(
    hub: Hub, sub: Subscription, last_event_id: int | None
) -> AsyncGenerator[Batch, None]:
    live_from = hub.subscribe(sub)
    try:
        sent = live_from
        if last_event_id is None:
            yield Batch(live_from, [])
        elif await _resume_point_lost(last_event_id):
            # The floor stays at `live_from`: after a reset from an id beyond the head
            # (another database, a restored backup) the live ids are *lower* than the
            # client's, and must still be delivered.
            yield Batch(live_from, [reset_update()])
        else:
            sent = max(last_event_id, live_from)
            replayed = False
            async for batch in _replay(sub, last_event_id, live_from):
                replayed = True
                yield batch
            if not replayed:
                yield Batch(sent, [])
        async for batch in _live(sub, floor=sent):
            yield batch
    finally:
        hub.unsubscribe(sub)


async def _resume_point_lost(last_event_id: int) -> bool:
    """True when updates after `last_event_id` may be gone (pruned, or another log)."""
    pruned = await log_reader.STREAM_POOL.run(log_reader.pruned_through_id)
    if last_event_id < pruned:
        return True
    head = await log_reader.STREAM_POOL.run(log_reader.head_id)
    return last_event_id > head


async def _replay(sub: Subscription, after_id: int, until_id: int) -> AsyncIterator[Batch]:
    while after_id < until_id:
        rows = await log_reader.STREAM_POOL.run(
            log_reader.read_for_replay, sub, after_id, until_id, REPLAY_PAGE
        )
        if not rows:
            return
        updates = [
            json.dumps(personalize(r["update"], r["personal"], sub.user_id), ensure_ascii=False)
            for r in rows
        ]
        after_id = rows[-1]["id"]
        yield Batch(after_id, updates)


async def _live(sub: Subscription, *, floor: int) -> AsyncIterator[Batch]:
    while True:
        deliveries = await sub.take(timeout=settings.REALTIME_PING_SECONDS)
        if sub.overflowed:
            metrics.STREAMS_CLOSED_SLOW.inc()
            return
        if sub.closed:
            return
        if not deliveries:
            yield Batch(floor, [], ping=True)
            continue
        fresh = [text for event_id, text in deliveries if event_id > floor]
        if fresh:
            floor = max(event_id for event_id, _ in deliveries)
            yield Batch(floor, fresh)
