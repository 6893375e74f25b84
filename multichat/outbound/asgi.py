"""The ASGI lifespan: starts the process's outbound sender, and stops it on shutdown.

Django's ASGI handler does not speak the lifespan protocol, so this wrapper answers it
and passes every other scope through. uvicorn must run with `--lifespan on` (make run
does); with `--lifespan off` no sender runs in that process and sends wait in the queue.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from django.conf import settings

from multichat.outbound.sender import Sender

logger = logging.getLogger(__name__)
ASGIApp = Callable[..., Awaitable[None]]


def with_outbound_sender(app: ASGIApp) -> ASGIApp:
    async def wrapper(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "lifespan":
            await app(scope, receive, send)
            return
        sender: Sender | None = None
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                try:
                    if settings.OUTBOUND_SENDER_ENABLED:
                        sender = Sender()
                        await sender.start()
                except Exception as exc:
                    logger.exception("outbound sender failed to start")
                    await send({"type": "lifespan.startup.failed", "message": str(exc)})
                    return
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                if sender is not None:
                    await sender.stop()
                await send({"type": "lifespan.shutdown.complete"})
                return

    return wrapper
