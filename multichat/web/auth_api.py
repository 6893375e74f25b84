"""Session login for the browser app: `POST /api/auth/login/`, `/logout/`, `GET /csrf/`.

The browser keeps a Django session cookie (HttpOnly) instead of the API token, so no
credential is ever readable by scripts or placed in a URL. Login and logout are CSRF
protected like every other unsafe call: the app first asks `GET /api/auth/csrf/` for the
`csrftoken` cookie and echoes it in `X-CSRFToken`. Wrong credentials, unknown users,
inactive users and users without a tenant membership all get the same 401, so the
endpoint does not reveal which usernames exist; repeated failures get 429 like the
token endpoint (`multichat.core.login_guard`).
"""

from __future__ import annotations

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
from multichat.core.credentials import read_credentials
from multichat.core.exceptions import AuthenticationError
from multichat.core.login_guard import count_failure, refuse_when_locked


@method_decorator(csrf_protect, name="dispatch")
class SessionLoginApi(APIView):
    """Answers like `GET /api/me/`, so the app needs no second round trip."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    def post(self, request: Request) -> Response:
        username, password = read_credentials(request.data)
        refuse_when_locked(request._request, username)
        user = authenticate(request._request, username=username, password=password)
        if user is None or getattr(user, "agent", None) is None:
            count_failure(request._request, username)
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
