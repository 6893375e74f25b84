"""Request validation shared by the chat APIs: strict input fields and list parameters.

DRF's `CharField` turns `123` into `"123"`; a client sending a number where text belongs
has a bug we want it to see, so text fields here accept JSON strings only.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from rest_framework import serializers
from rest_framework.request import Request

from multichat.chats.pagination import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE
from multichat.core.exceptions import AuthenticationError


class StrictCharField(serializers.CharField):
    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")
        return str(super().to_internal_value(data))


class PageParams(serializers.Serializer[Any]):
    """`?cursor=` and `?page_size=` (default 50; larger values are capped at 200)."""

    cursor = serializers.CharField(required=False, allow_blank=True, max_length=512)
    page_size = serializers.IntegerField(required=False, min_value=1)

    def validate_page_size(self, value: int) -> int:
        return min(value, MAX_PAGE_SIZE)


def page_params(request: Request) -> tuple[str | None, int]:
    """The validated `(cursor, page_size)` of a list request; 400 when malformed."""
    params = PageParams(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    return data.get("cursor") or None, data.get("page_size", DEFAULT_PAGE_SIZE)


def current_user(request: Request) -> AbstractBaseUser:
    """The authenticated user (the default `IsAuthenticated` permission ran already)."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise AuthenticationError("authentication required")
    return user
