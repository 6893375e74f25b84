"""Keyset (cursor) pagination over a descending `(time, id)` order.

Offsets drift when rows arrive while someone pages (a new message would push a row onto
the next page twice); a keyset cursor names the last row seen, so every row is walked
exactly once and each page costs one indexed range scan however deep it is. `id` breaks
ties between rows that share a timestamp, which makes the order total.

The cursor is opaque to clients (URL-safe base64 of `[iso_time, id]`). It only names a
position: visibility filters are applied by the caller's queryset, so a forged cursor
can skip rows but never reveal one.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from django.db.models import Model, Q, QuerySet
from rest_framework.request import Request
from rest_framework.utils.urls import replace_query_param

from multichat.core.exceptions import InvalidInputError

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
CURSOR_PARAM = "cursor"

M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Page(Generic[M]):
    """One page of rows, newest first, and the cursor of the next (older) page."""

    rows: list[M]
    next_cursor: str | None


def encode_cursor(at: datetime, pk: int) -> str:
    raw = json.dumps([at.isoformat(), pk], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, int]:
    """The `(time, id)` a cursor names; `InvalidInputError` for anything we did not issue."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at_text, pk = json.loads(raw)
        at = datetime.fromisoformat(at_text)
    except (binascii.Error, ValueError, TypeError) as exc:
        raise InvalidInputError("invalid cursor") from exc
    if at.tzinfo is None or not isinstance(pk, int) or isinstance(pk, bool):
        raise InvalidInputError("invalid cursor")
    return at, pk


def keyset_page(
    queryset: QuerySet[M], *, time_field: str, cursor: str | None, size: int
) -> Page[M]:
    """Rows of `queryset` ordered by `-time_field, -id`, after `cursor`, at most `size`.

    One query: fetching `size + 1` rows tells whether an older page exists.
    """
    rows_query = queryset.order_by(f"-{time_field}", "-id")
    if cursor:
        at, pk = decode_cursor(cursor)
        # The redundant `lte` bound lets the database turn the OR into an index range scan.
        rows_query = rows_query.filter(
            Q(**{f"{time_field}__lte": at})
            & (Q(**{f"{time_field}__lt": at}) | Q(**{time_field: at, "id__lt": pk}))
        )
    rows = list(rows_query[: size + 1])
    if len(rows) <= size:
        return Page(rows=rows, next_cursor=None)
    rows = rows[:size]
    last = rows[-1]
    return Page(rows=rows, next_cursor=encode_cursor(getattr(last, time_field), last.pk))


def next_page_url(request: Request, page: Page[M]) -> str | None:
    """The absolute URL of the next page: the same query string with the new cursor."""
    if page.next_cursor is None:
        return None
    return replace_query_param(request.build_absolute_uri(), CURSOR_PARAM, page.next_cursor)
