"""`GET /ws/realtime/`: the realtime stream over WebSocket (a Channels consumer).

The same stream as SSE (`stream.py`), opened the same way (`connect.open_subscription`:
Bearer header, `?ticket=`, or the session cookie; `?last_event_id=`; `?chat_id=`). Each
batch is one text frame `{"id", "timestamp", "updates"}`; idle keepalives are not sent,
since uvicorn pings at the protocol level (`--ws-ping-interval`, 20 s).

Refusals come after the handshake, as close codes — a browser never sees the HTTP status
of a refused handshake: 4400 bad `last_event_id`, 4401 no valid identity, 4403 no
membership (or lost while connected, or a session cookie sent from a foreign origin),
1013 the client read too slowly (reconnect and resume), 1011 a server error.

Why the origin check is here and only for the cookie: a browser sends the cookie on a
cross-site WebSocket too, and WebSocket has no CORS, so another site could read the
stream (cross-site WebSocket hijacking). A Bearer token or a ticket is never sent by a
browser on its own, so those are accepted from any origin — or none (non-browser clients).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any
from urllib.parse import urlsplit

from channels.generic.websocket import (  # type: ignore[import-untyped]  # channels ships no hints
    AsyncWebsocketConsumer,
)
from django.conf import settings
from django.utils.http import is_same_domain

from multichat.realtime.asgi_request import StreamRequest, parse_last_event_id
from multichat.realtime.connect import Refusal, open_subscription
from multichat.realtime.hub import Hub, get_hub
from multichat.realtime.stream import stream_batches
from multichat.realtime.subscription import Subscription
from multichat.realtime.wire import now_iso

logger = logging.getLogger(__name__)

CLOSE_BAD_REQUEST = 4400
CLOSE_FORBIDDEN = 4403
CLOSE_TRY_AGAIN = 1013  # RFC 6455 registry: "Try Again Later"
CLOSE_SERVER_ERROR = 1011


def ws_frame(event_id: int, updates: list[str]) -> str:
    """One frame: `updates` are already-serialized JSON objects, joined as they are."""
    return f'{{"id": {event_id}, "timestamp": "{now_iso()}", "updates": [{", ".join(updates)}]}}'


def origin_may_use_cookie(origin: str | None, host: str | None) -> bool:
    """No Origin (not a browser), the server's own host, or a CSRF-trusted origin."""
    if origin is None:
        return True
    netloc = urlsplit(origin).netloc
    if netloc and netloc == host:
        return True
    for trusted in settings.CSRF_TRUSTED_ORIGINS:
        if trusted == origin:
            return True
        parts = urlsplit(trusted)
        wildcard = "*" in parts.netloc and parts.scheme == urlsplit(origin).scheme
        if wildcard and is_same_domain(netloc, parts.netloc.lstrip("*")):  # "*.example.com"
            return True
    return False


class RealtimeConsumer(AsyncWebsocketConsumer):  # type: ignore[misc]  # untyped base class
    _task: asyncio.Task[None] | None = None

    async def connect(self) -> None:
        await self.accept()
        request = StreamRequest(self.scope)
        last = parse_last_event_id(request.query.get("last_event_id"))
        if isinstance(last, str):
            await self._refuse(CLOSE_BAD_REQUEST, last)
            return
        authorization = request.headers.get("authorization", "")
        ticket = request.query.get("ticket", "")
        by_cookie = not authorization and not ticket and bool(request.session_key)
        if by_cookie and not origin_may_use_cookie(
            request.headers.get("origin"), request.headers.get("host")
        ):
            await self._refuse(CLOSE_FORBIDDEN, "origin not allowed")
            return
        opened = await open_subscription(
            authorization=authorization,
            ticket=ticket,
            session_key=request.session_key,
            chat_filter=request.query.get("chat_id"),
        )
        if isinstance(opened, Refusal):
            await self._refuse(4000 + opened.status, opened.detail)
            return
        hub = await get_hub()
        self._task = asyncio.ensure_future(self._stream(hub, opened, last))

    async def _refuse(self, code: int, reason: str) -> None:
        with contextlib.suppress(OSError):  # the client may be gone already
            await self.close(code=code, reason=reason)

    async def _stream(self, hub: Hub, sub: Subscription, last: int | None) -> None:
        try:
            # Closed explicitly, so a cancel while sending unsubscribes at once, not at GC.
            batches = stream_batches(hub, sub, last)
            async with contextlib.aclosing(batches):
                async for batch in batches:
                    if not batch.ping:
                        await self.send(text_data=ws_frame(batch.event_id, batch.updates))
        except OSError:
            return  # the client is gone; its disconnect message stops the consumer
        except Exception:
            logger.exception("realtime WebSocket stream failed")
            code = CLOSE_SERVER_ERROR
        else:  # ended on the server's side: access lost, or the mailbox overflowed
            code = CLOSE_FORBIDDEN if sub.closed else CLOSE_TRY_AGAIN
        with contextlib.suppress(OSError):
            await self.close(code=code)

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Clients have nothing to say on this stream; skip Channels' per-message
        # database clean-up (a trip to a shared thread) for whatever they send anyway.
        if message["type"] != "websocket.receive":
            await super().dispatch(message)

    async def disconnect(self, code: int) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()  # the stream's `finally` unsubscribes from the hub
            await asyncio.wait([task])
