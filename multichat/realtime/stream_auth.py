"""Who is opening a stream: Bearer token, a signed ticket, or the session cookie.

Plain functions over headers and query values, run on the realtime thread pool: the
streaming endpoints live outside Django's request handler (see `sse.py`), so they
authenticate the same way Django and DRF would, without a request object.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user
from django.contrib.sessions.backends.base import SessionBase
from django.utils.module_loading import import_string
from rest_framework.authtoken.models import Token

from multichat.realtime.tickets import ticket_user_id


class _SessionOnly:
    """The one attribute `django.contrib.auth.get_user` reads from a request."""

    def __init__(self, session: SessionBase) -> None:
        self.session = session


def stream_user_id(*, authorization: str, ticket: str, session_key: str) -> int | None:
    """The authenticated, active user's id, or None. Blocking: call from a worker thread."""
    if authorization:
        keyword, _, key = authorization.partition(" ")
        if keyword != "Bearer" or not key.strip():
            return None
        user_id = (
            Token.objects.filter(key=key.strip(), user__is_active=True)
            .values_list("user_id", flat=True)
            .first()
        )
        return int(user_id) if user_id is not None else None
    if ticket:
        return ticket_user_id(ticket)
    if session_key:
        store_class = import_string(f"{settings.SESSION_ENGINE}.SessionStore")
        user = get_user(_SessionOnly(store_class(session_key)))  # type: ignore[arg-type]
        if user.is_authenticated and user.is_active:
            return int(user.pk)
    return None
