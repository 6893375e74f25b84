"""`GET /api/messages/{id}/media/`: the file of a message, as the caller may see it.

Why an async Django view and not a sync DRF APIView: under ASGI a sync view runs in a
worker thread, so a 30-second provider download would keep a thread busy doing blocking
I/O, and Django can serve a sync file iterator under ASGI only by reading the whole file
into memory first. Here the provider calls are `httpx.AsyncClient` awaits on the event
loop, disk work goes to `asyncio.to_thread`, and the body is an async iterator over the
open file, streamed in chunks. (One caveat, true of every Django view in this project:
the sync-only WhiteNoise middleware makes Django hop through a thread per request, which
sits idle while the view awaits; it is parked, not doing the download.) The parts that
need the ORM — authentication with the same DRF authenticators every API uses, then the
visibility check — run together in one `sync_to_async` call, and errors are the same
JSON bodies the DRF exception handler writes.
"""

from __future__ import annotations

from asgiref.sync import sync_to_async
from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpRequest, HttpResponseBase
from django.views import View
from rest_framework.exceptions import APIException
from rest_framework.request import Request
from rest_framework.views import APIView

from multichat.core.api import error_response
from multichat.core.exceptions import AuthenticationError, MultichatError
from multichat.media.download import media_open
from multichat.media.limits import media_limits
from multichat.media.response import media_response
from multichat.media.source import MediaSource, media_source_for


def _caller(request: HttpRequest) -> AbstractBaseUser:
    """The user DRF would authenticate (Bearer token or session); 401 otherwise."""
    # The classes every APIView uses (settings REST_FRAMEWORK), so auth cannot drift.
    authenticators = [authenticator() for authenticator in APIView.authentication_classes]
    try:
        user = Request(request, authenticators=authenticators).user
    except APIException as exc:
        raise AuthenticationError(str(exc.detail)) from None
    if not isinstance(user, AbstractBaseUser) or not user.is_authenticated:
        raise AuthenticationError("authentication credentials were not provided")
    return user


def _authorized_source(request: HttpRequest, message_pk: int) -> MediaSource:
    return media_source_for(user=_caller(request), message_pk=message_pk)


class MessageMediaApi(View):
    http_method_names = ["get"]

    async def get(self, request: HttpRequest, message_pk: int) -> HttpResponseBase:
        try:
            source = await sync_to_async(_authorized_source)(request, message_pk)
            opened = await media_open(source)
        except MultichatError as error:
            response = error_response(error)
            if isinstance(error, AuthenticationError):
                response["WWW-Authenticate"] = "Bearer"
            return response
        return media_response(
            opened,
            source,
            range_header=request.headers.get("Range"),
            max_age=media_limits().browser_max_age_seconds,
        )
