"""`GET /api/chats/realtime-updates/`: the Server-Sent Events endpoint, as a plain ASGI app.

Why not a Django view: Django's ASGI handler runs every request inside asgiref's
`ThreadSensitiveContext`, and its first thread-sensitive call (the `request_started`
signal already makes one) creates an executor thread that lives as long as the request —
for a stream, a thread per open connection (measured: ~260 KB each, see
docs/benchmarks.md). This endpoint is dispatched before Django's handler
(`realtime.asgi.with_realtime_endpoints`): it holds no thread, does its few database
calls on the realtime thread pool, and keeps per-stream state to a subscription, its
mailbox and one task watching for the client's disconnect.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from django.conf import settings

from multichat.realtime.asgi_request import Scope, StreamRequest, parse_last_event_id
from multichat.realtime.connect import Refusal, open_subscription
from multichat.realtime.hub import Hub, get_hub
from multichat.realtime.stream import stream_batches
from multichat.realtime.subscription import Subscription
from multichat.realtime.wire import PING, sse_event, sse_retry

Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SSE_PATH = "/api/chats/realtime-updates/"
# How long a stream that has ended may take to finish its response before it is dropped.
WRITER_GRACE_SECONDS = 1.0
HEADERS = [
    (b"content-type", b"text/event-stream; charset=utf-8"),
    (b"cache-control", b"no-cache"),
    (b"x-accel-buffering", b"no"),
    (b"x-content-type-options", b"nosniff"),
]


async def sse_app(scope: Scope, receive: Receive, send: Send) -> None:
    if scope["method"] != "GET":
        await _send_json(send, Refusal(405, "method_not_allowed", "use GET"))
        return
    request = StreamRequest(scope)
    last = parse_last_event_id(request.last_event_id)
    if isinstance(last, str):
        await _send_json(send, Refusal(400, "invalid_input", last))
        return
    opened = await open_subscription(
        authorization=request.headers.get("authorization", ""),
        ticket=request.query.get("ticket", ""),
        session_key=request.session_key,
        chat_filter=request.query.get("chat_id"),
    )
    if isinstance(opened, Refusal):
        await _send_json(send, opened)
        return
    await _stream(opened, last, receive, send)


async def _stream(sub: Subscription, last: int | None, receive: Receive, send: Send) -> None:
    hub = await get_hub()
    watcher = asyncio.ensure_future(_close_on_disconnect(receive, sub))
    writer = asyncio.ensure_future(_write(hub, sub, last, send))
    try:
        ended = asyncio.ensure_future(sub.wait_ended())
        await asyncio.wait({writer, ended}, return_when=asyncio.FIRST_COMPLETED)
        ended.cancel()
        if not writer.done():
            # Ended (overflow, revoked access, client gone) while the writer may be blocked
            # in a send to a client that reads nothing: give it a moment to finish the
            # response cleanly, then let go of the stream anyway.
            await asyncio.wait({writer}, timeout=WRITER_GRACE_SECONDS)
        if not writer.done():
            writer.cancel()
        with contextlib.suppress(asyncio.CancelledError, OSError):
            await writer
    finally:
        watcher.cancel()
        writer.cancel()


async def _write(hub: Hub, sub: Subscription, last: int | None, send: Send) -> None:
    try:
        await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
        await _body(send, sse_retry(settings.REALTIME_RETRY_MILLISECONDS))
        # aclosing: the subscription is released at once, even when a send fails.
        async with contextlib.aclosing(stream_batches(hub, sub, last)) as batches:
            async for batch in batches:
                await _body(send, PING if batch.ping else sse_event(batch.event_id, batch.updates))
        await send({"type": "http.response.body", "body": b"", "more_body": False})
    except OSError:
        pass  # the client went away mid-write; the subscription is released by aclosing


async def _body(send: Send, chunk: bytes) -> None:
    await send({"type": "http.response.body", "body": chunk, "more_body": True})


async def _close_on_disconnect(receive: Receive, sub: Subscription) -> None:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            sub.close()
            return


async def _send_json(send: Send, refusal: Refusal) -> None:
    body = json.dumps({"error": refusal.code, "detail": refusal.detail}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if refusal.status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="api"'))
    await send({"type": "http.response.start", "status": refusal.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
