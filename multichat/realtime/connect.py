"""Opening a stream, for any transport: authenticate, resolve the grant, subscribe.

Database work runs on the realtime module's own small thread pool, never on the event
loop and never on a thread held for the life of the stream.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

from multichat.core.types import Grant
from multichat.realtime.log_reader import STREAM_POOL
from multichat.realtime.stream_auth import stream_user_id
from multichat.realtime.subscription import Subscription


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    detail: str


def _resolve_grant(user_id: int) -> Grant | None:
    resolve = import_string(settings.REALTIME_GRANT_RESOLVER)
    grant: Grant | None = resolve([user_id]).get(user_id)
    return grant


async def open_subscription(
    *, authorization: str, ticket: str, session_key: str, chat_filter: str | None
) -> Subscription | Refusal:
    user_id = await STREAM_POOL.run(
        lambda: stream_user_id(authorization=authorization, ticket=ticket, session_key=session_key)
    )
    if user_id is None:
        return Refusal(401, "unauthorized", "authentication required")
    grant = await STREAM_POOL.run(_resolve_grant, user_id)
    if grant is None:
        return Refusal(403, "forbidden", "no tenant membership")
    return Subscription(
        user_id=user_id,
        grant=grant,
        chat_filter=chat_filter or None,
        limit=settings.REALTIME_STREAM_QUEUE_LIMIT,
    )
