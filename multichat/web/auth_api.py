"""Session login for the browser app: `POST /api/auth/login/`, `/logout/`, `GET /csrf/`.

The browser keeps a Django session cookie (HttpOnly) instead of the API token, so no
credential is ever readable by scripts or placed in a URL. Login and logout are CSRF
protected like every other unsafe call: the app first asks `GET /api/auth/csrf/` for the
`csrftoken` cookie and echoes it in `X-CSRFToken`. Wrong credentials, unknown users,
inactive users and users without a tenant membership all get the same 401, so the
endpoint does not reveal which usernames exist.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import authenticate, login, logout
from django.middleware.csrf import get_token
from django.utils.decorators import method_decorator
from django.views.decorators.csrf import csrf_protect, ensure_csrf_cookie
from rest_framework import status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from multichat.chats.apis.me import MeApi
from multichat.core.exceptions import AuthenticationError, InvalidInputError

MAX_CREDENTIAL_LENGTH = 256


def _credentials(data: Any) -> tuple[str, str]:
    if not isinstance(data, dict):
        raise InvalidInputError("expected a JSON object with username and password")
    errors: dict[str, list[str]] = {}
    for field in ("username", "password"):
        value = data.get(field)
        if not isinstance(value, str) or not value or len(value) > MAX_CREDENTIAL_LENGTH:
            errors[field] = ["Must be a non-empty string."]
    if errors:
        raise InvalidInputError("username and password are required", details=errors)
    return data["username"], data["password"]


@method_decorator(csrf_protect, name="dispatch")
class SessionLoginApi(APIView):
    """Answers like `GET /api/me/`, so the app needs no second round trip."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    def post(self, request: Request) -> Response:
        username, password = _credentials(request.data)
        user = authenticate(request._request, username=username, password=password)
        if user is None or getattr(user, "agent", None) is None:
            raise AuthenticationError("invalid username or password")
        login(request._request, user)
        request.user = user
        return MeApi().get(request)


@method_decorator(csrf_protect, name="dispatch")
class SessionLogoutApi(APIView):
    """Ends the session; answering 204 even without one keeps logout idempotent."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    def post(self, request: Request) -> Response:
        logout(request._request)
        return Response(status=status.HTTP_204_NO_CONTENT)


@method_decorator(ensure_csrf_cookie, name="dispatch")
class CsrfTokenApi(APIView):
    """Sets the `csrftoken` cookie; the token is also in the body for convenience."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    def get(self, request: Request) -> Response:
        return Response({"csrf_token": get_token(request._request)})
