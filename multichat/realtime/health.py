"""`GET /healthz`: 200 when the database and the broker answer, else 503."""

from __future__ import annotations

import asyncio

from asgiref.sync import sync_to_async
from django.db import connection
from django.http import HttpRequest, JsonResponse

from multichat.realtime.hub import get_hub


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return True
    except Exception:  # any failure means "not healthy"; the kind goes to the log elsewhere
        return False


async def healthz(request: HttpRequest) -> JsonResponse:
    try:
        database = await asyncio.wait_for(sync_to_async(_database_answers)(), timeout=3)
    except TimeoutError:
        database = False
    hub = await get_hub()
    broker_ok = hub.broker_connected and hub.broker.is_healthy()
    body = {
        "status": "ok" if database and broker_ok else "degraded",
        "database": "ok" if database else "down",
        "broker": {"kind": hub.broker.kind, "state": "connected" if broker_ok else "down"},
        "delivery": "push" if broker_ok else "polling",
        "streams_open": hub.stream_count,
        "last_event_id": hub.last_id,
    }
    return JsonResponse(body, status=200 if database and broker_ok else 503)
