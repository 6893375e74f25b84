"""int64, bytes and time values in every serialisation Evolution versions produce."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import pytest

from multichat.webhooks.providers.evolution.values import (
    bytes_b64,
    to_int,
    unix_time,
    unix_time_ms,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (184233, 184233),
        ("184233", 184233),
        (" 120587 ", 120587),
        (184233.0, 184233),
        ({"low": 184233, "high": 0, "unsigned": True}, 184233),
        ({"low": 1, "high": 1, "unsigned": True}, 2**32 + 1),
        # senderTimestampMs of messages_upsert_reaction.json: `low` is negative (signed 32 bits)
        ({"low": -974431356, "high": 407, "unsigned": False}, 1751372225412),
        ({"low": -1, "high": -1, "unsigned": False}, -1),
    ],
)
def test_int64_values_are_read_in_all_three_spellings(value, expected) -> None:
    assert to_int(value) == expected


@pytest.mark.parametrize(
    "value", [None, True, "", "12a", "1.5", 1.5, {"high": 1}, [], {"low": "1"}, "²"]
)
def test_values_that_are_no_integer_read_as_none(value) -> None:
    assert to_int(value) is None


def test_a_byte_object_becomes_standard_base64() -> None:
    raw = bytes([198, 220, 125, 0, 255])
    as_object = {str(i): b for i, b in enumerate(raw)}
    assert bytes_b64(as_object) == base64.b64encode(raw).decode()


def test_a_byte_object_is_read_in_index_order_not_key_order() -> None:
    assert bytes_b64({"10": 3, "2": 2, "0": 0, "1": 1, **{str(i): 9 for i in range(3, 10)}}) == (
        base64.b64encode(bytes([0, 1, 2, *([9] * 7), 3])).decode()
    )


def test_base64_strings_lists_and_node_buffers_are_accepted() -> None:
    assert bytes_b64("kIHtuswB") == "kIHtuswB"
    assert bytes_b64([1, 2, 3]) == "AQID"
    assert bytes_b64({"type": "Buffer", "data": [1, 2, 3]}) == "AQID"


@pytest.mark.parametrize("value", [None, 12, {"0": 300}, {"a": 1}, [1, "x"], {}])
def test_unreadable_bytes_become_an_empty_string(value) -> None:
    assert bytes_b64(value) == ""


def test_unix_seconds_in_any_int64_spelling_become_aware_utc() -> None:
    expected = datetime(2025, 7, 1, 12, 0, 10, tzinfo=UTC)
    assert unix_time(1751371210) == expected
    assert unix_time("1751371210") == expected
    assert unix_time({"low": 1751371210, "high": 0, "unsigned": False}) == expected


def test_implausibly_large_seconds_are_read_as_milliseconds() -> None:
    assert unix_time(1751371210000) == datetime(2025, 7, 1, 12, 0, 10, tzinfo=UTC)


@pytest.mark.parametrize("value", [None, 0, -5, "", "soon", 10**30])
def test_missing_or_garbled_times_are_none(value) -> None:
    assert unix_time(value) is None


def test_milliseconds_keep_their_exact_fraction() -> None:
    assert unix_time_ms("1751373960123") == datetime(2025, 7, 1, 12, 46, 0, 123000, tzinfo=UTC)
    assert unix_time_ms(None) is None
