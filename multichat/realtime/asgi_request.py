"""Reading what a streaming endpoint needs from a raw ASGI scope."""

from __future__ import annotations

from collections.abc import MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qs

from django.conf import settings

Scope = MutableMapping[str, Any]


class StreamRequest:
    def __init__(self, scope: Scope) -> None:
        self.headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers", [])
        }
        raw_query = scope.get("query_string", b"").decode("latin-1")
        self.query = {k: v[0] for k, v in parse_qs(raw_query, keep_blank_values=True).items()}

    @property
    def session_key(self) -> str:
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(self.headers.get("cookie", ""))
        morsel = cookie.get(settings.SESSION_COOKIE_NAME)
        return morsel.value if morsel else ""

    @property
    def last_event_id(self) -> str | None:
        return self.headers.get("last-event-id") or self.query.get("last_event_id")


def parse_last_event_id(raw: str | None) -> int | str | None:
    """The resume point, None when absent, or an error message."""
    if raw is None or raw == "":
        return None
    # ASCII digits only: `str.isdigit()` also accepts "²" and other digits `int()` refuses.
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        return "last_event_id must be a non-negative integer"
    return int(raw)
