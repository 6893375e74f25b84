"""WebSocket routes, mounted by `config/asgi.py` next to the HTTP application.

Any other WebSocket path is refused at the handshake (HTTP 403) instead of raising in
the router, so a stray probe costs no traceback in the log.
"""

from __future__ import annotations

from typing import Any

from channels.routing import URLRouter  # type: ignore[import-untyped]  # channels ships no hints
from channels.security.websocket import (  # type: ignore[import-untyped]  # as above
    WebsocketDenier,
)
from django.urls import path, re_path

from multichat.realtime.consumers import RealtimeConsumer

WS_PATH = "/ws/realtime/"

websocket_application: Any = URLRouter(
    [
        path(WS_PATH.lstrip("/"), RealtimeConsumer.as_asgi()),
        re_path(r"", WebsocketDenier.as_asgi()),
    ]
)
