"""ASGI entry point served by uvicorn (`config.asgi:application`)."""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from django.core.asgi import get_asgi_application

django_application = get_asgi_application()  # sets Django up; the imports below need it

from channels.routing import ProtocolTypeRouter  # type: ignore[import-untyped]  # noqa: E402  # no hints

from multichat.core.body_limit import BodySizeLimitMiddleware  # noqa: E402
from multichat.outbound.asgi import with_outbound_sender  # noqa: E402
from multichat.realtime.asgi import with_realtime_endpoints  # noqa: E402
from multichat.realtime.routing import websocket_application  # noqa: E402

# HTTP: the SSE stream is served ahead of Django's handler (see multichat/realtime/sse.py).
# WebSocket: `/ws/realtime/` (multichat/realtime/consumers.py); other paths are refused.
# Lifespan: starts and stops the process's outbound sender (multichat/outbound/asgi.py).
application = with_outbound_sender(
    ProtocolTypeRouter(
        {
            "http": with_realtime_endpoints(BodySizeLimitMiddleware(django_application)),
            "websocket": websocket_application,
        }
    )
)
