"""The old stream: a synchronous generator polling the cache list every 2 seconds.

Why the thread hop: Django 5.2 under ASGI consumes a synchronous streaming iterator with
`sync_to_async(list)` — an endless generator would never send a byte. The old code ran
where each open stream held a worker thread that iterated it. `_one_thread_per_stream`
reproduces exactly that under uvicorn: every chunk is pulled on the request's own
thread-sensitive executor thread (one per request), so each open stream owns a thread
that sleeps in `time.sleep(2)` between polls, as it did.

The generator itself is the old design: no resume, no ids, no pings; it reads the whole
list every 2 s and yields the visible items newer than the newest it has seen.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connection
from django.http import HttpRequest, JsonResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

from bench.legacy.cache_list import cache_list_read
from multichat.core.types import Grant
from multichat.realtime.stream_auth import stream_user_id
from multichat.tenants.access import realtime_grants

POLL_SECONDS = 2.0


def legacy_updates(request: HttpRequest) -> HttpResponseBase:
    user_id = stream_user_id(
        authorization=request.headers.get("Authorization", ""), ticket="", session_key=""
    )
    if user_id is None:
        return JsonResponse({"error": "unauthorized"}, status=401)
    grant = realtime_grants([user_id]).get(user_id)
    if grant is None:
        return JsonResponse({"error": "forbidden"}, status=403)
    # Charitable: hold no database connection while streaming (PostgreSQL would refuse
    # the 101st open stream otherwise), so the comparison measures the polling design.
    connection.close()
    stream = _poll(grant, user_id, since=time.time())
    response = StreamingHttpResponse(
        _one_thread_per_stream(stream), content_type="text/event-stream"
    )
    response["Cache-Control"] = "no-cache"
    response["X-Accel-Buffering"] = "no"
    return response


def _visible(item: dict[str, Any], grant: Grant, user_id: int) -> bool:
    if item["tenant"] != grant.tenant_id:
        return False
    if item["user"] is not None and item["user"] != user_id:
        return False
    return item["channel"] is None or item["channel"] in grant.channel_ids


def _poll(grant: Grant, user_id: int, since: float) -> Iterator[str]:
    yield "retry: 3000\n\n"
    seen = since
    while True:
        time.sleep(POLL_SECONDS)
        items = cache_list_read()
        for item in items:
            if item["at"] > seen and _visible(item, grant, user_id):
                yield f"data: {json.dumps(item['update'], ensure_ascii=False)}\n\n"
        if items:
            seen = max(seen, *(item["at"] for item in items))


async def _one_thread_per_stream(stream: Iterator[str]) -> AsyncIterator[str]:
    def pull() -> str | None:
        return next(stream, None)

    pull_here = sync_to_async(pull, thread_sensitive=True)
    while True:
        chunk = await pull_here()
        if chunk is None:
            return
        yield chunk
