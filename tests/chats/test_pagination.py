"""Cursors name a `(time, id)` position and refuse anything we did not issue."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from multichat.chats.pagination import decode_cursor, encode_cursor
from multichat.core.exceptions import InvalidInputError


def test_cursor_round_trips_time_with_microseconds_and_id() -> None:
    at = datetime(2025, 7, 1, 12, 0, 0, 123456, tzinfo=UTC)
    assert decode_cursor(encode_cursor(at, 42)) == (at, 42)


def _raw(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "cursor",
    [
        "%%%",
        _raw("not json"),
        _raw('["2025-07-01T12:00:00", 1]'),
        _raw('["2025-07-01T12:00:00+00:00", true]'),
        _raw('["2025-07-01T12:00:00+00:00", "1"]'),
        _raw('["yesterday", 1]'),
        _raw("[1]"),
        _raw("{}"),
    ],
    ids=[
        "not-base64", "not-json", "naive-time", "bool-id", "string-id", "bad-time",
        "short", "object",
    ],
)  # fmt: skip
def test_malformed_cursor_is_invalid_input(cursor: str) -> None:
    with pytest.raises(InvalidInputError):
        decode_cursor(cursor)
