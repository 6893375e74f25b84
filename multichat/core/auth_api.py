"""`POST /api/auth/token/`: trade a username and password for the long-lived API token.

Only members of a tenant (users with an `Agent` row) get a token; anyone else — wrong
password, unknown user, inactive user, or a user without membership — gets the same
401, so the endpoint does not reveal which usernames exist; repeated failures get 429
(`multichat.core.login_guard`). The token travels only in
the response body and later in `Authorization: Bearer`, never in a URL.

`core` sits below `tenants`, so membership is checked through the `user.agent` reverse
accessor rather than by importing the `Agent` model.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.base_user import AbstractBaseUser
from rest_framework.authtoken.models import Token
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from multichat.core.credentials import read_credentials
from multichat.core.exceptions import AuthenticationError
from multichat.core.login_guard import count_failure, refuse_when_locked


def _has_membership(user: AbstractBaseUser) -> bool:
    # The reverse one-to-one raises a DoesNotExist that is also an AttributeError.
    return getattr(user, "agent", None) is not None


class TokenObtainApi(APIView):
    """No authentication: the credentials are in the body."""

    authentication_classes = ()
    permission_classes = (AllowAny,)

    def post(self, request: Request) -> Response:
        username, password = read_credentials(request.data)
        refuse_when_locked(request._request, username)
        user = authenticate(request._request, username=username, password=password)
        if user is None or not _has_membership(user):
            count_failure(request._request, username)
            raise AuthenticationError("invalid username or password")
        token, _ = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
