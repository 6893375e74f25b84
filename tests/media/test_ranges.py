"""`Range` header parsing (RFC 9110 §14.1.2) for single byte ranges."""

from __future__ import annotations

import pytest

from multichat.media.ranges import ByteRange, RangeNotSatisfiableError, parse_range


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, None),
        ("bytes=0-9", ByteRange(0, 9)),
        ("bytes=10-", ByteRange(10, 99)),
        ("bytes=-10", ByteRange(90, 99)),
        ("bytes=-500", ByteRange(0, 99)),
        ("bytes=90-500", ByteRange(90, 99)),
        ("bytes=0-1,5-6", None),  # several ranges: the whole file instead
        ("items=0-9", None),
        ("bytes=9-0", None),
    ],
)
def test_a_range_is_clipped_to_the_file_or_ignored(
    header: str | None, expected: ByteRange | None
) -> None:
    assert parse_range(header, 100) == expected


@pytest.mark.parametrize("header", ["bytes=100-", "bytes=200-300", "bytes=-0"])
def test_a_range_past_the_end_is_not_satisfiable(header: str) -> None:
    with pytest.raises(RangeNotSatisfiableError):
        parse_range(header, 100)
