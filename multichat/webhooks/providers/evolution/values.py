"""Defensive readers for Evolution payload values.

Evolution renders Baileys protobuf objects with whatever JSON serialisation its version
happens to use: int64 fields are numbers, numeric strings (protobufjs `toJSON`, <= 2.3.5)
or `Long` objects `{low, high, unsigned}` (2.3.6); byte fields are base64 strings (<= 2.3.5)
or `Uint8Array`s rendered as `{"0": n, "1": n, ...}` (2.3.6). Every read goes through these
helpers so an odd value becomes an empty one instead of an exception: a 4xx makes Evolution
drop the delivery for good, a 5xx makes it redeliver ten times.
"""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

from multichat.webhooks.providers.json_values import as_dict, as_list, text

# The shared JSON readers are re-exported so adapter modules import from one place.
__all__ = ["as_dict", "as_list", "bytes_b64", "text", "to_int", "unix_time", "unix_time_ms"]


_TWO_32 = 1 << 32
# Unix seconds stay below this until the year 5138; larger values are milliseconds.
_MAX_SECONDS = 100_000_000_000


def _long(value: dict[str, Any]) -> int | None:
    """A Long.js object: `high * 2**32 + low`, `low` read as unsigned 32 bits.

    A signed `high` carries the sign, which is exactly the two's-complement value Long.js
    encodes.
    """
    low, high = value.get("low"), value.get("high", 0)
    if not isinstance(low, int) or not isinstance(high, int) or isinstance(high, bool):
        return None
    return high * _TWO_32 + (low % _TWO_32)


def to_int(value: Any) -> int | None:
    """An int64 in any of its three spellings (number, numeric string, `Long`), else None."""
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and value.strip().lstrip("-").isdecimal():
        number = int(value.strip())
    elif isinstance(value, dict):
        number = _long(value)
    return number


def bytes_b64(value: Any) -> str:
    """A byte field as a standard base64 string ("" when absent or unreadable).

    Accepts a base64 string (kept as is), a `{"0": n, ...}` object, a list of ints and a
    Node `Buffer.toJSON()` (`{"type": "Buffer", "data": [...]}`).
    """
    if isinstance(value, str):
        return value
    numbers: list[Any]
    if isinstance(value, dict) and value.get("type") == "Buffer":
        numbers = as_list(value.get("data"))
    elif isinstance(value, dict) and value and all(k.isdigit() for k in value):
        numbers = [value[k] for k in sorted(value, key=int)]
    elif isinstance(value, list):
        numbers = value
    else:
        return ""
    if not all(isinstance(n, int) and 0 <= n <= 255 for n in numbers):
        return ""
    return base64.b64encode(bytes(numbers)).decode("ascii")


def unix_time(value: Any) -> datetime | None:
    """Unix seconds (milliseconds when implausibly large) as an aware UTC datetime."""
    number = to_int(value)
    if number is None or number <= 0:
        return None
    if number >= _MAX_SECONDS:
        number //= 1000
    try:
        return datetime.fromtimestamp(number, tz=UTC)
    except (OverflowError, OSError, ValueError):
        return None


def unix_time_ms(value: Any) -> datetime | None:
    """Unix milliseconds (Baileys `timestampMs`, v1 `datetime`) as an aware UTC datetime."""
    number = to_int(value)
    if number is None or number <= 0:
        return None
    try:
        # Integer arithmetic: a float division could round the milliseconds.
        return datetime.fromtimestamp(number // 1000, tz=UTC) + timedelta(
            milliseconds=number % 1000
        )
    except (OverflowError, OSError, ValueError):
        return None
