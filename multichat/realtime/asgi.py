"""Routes the streaming endpoints ahead of Django's request handler (see `sse.py`)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from multichat.realtime.sse import SSE_PATH, sse_app

ASGIApp = Callable[..., Awaitable[None]]


def with_realtime_endpoints(django_app: ASGIApp) -> ASGIApp:
    async def app(scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] == "http" and scope["path"] == SSE_PATH:
            await sse_app(scope, receive, send)
        else:
            await django_app(scope, receive, send)

    return app
