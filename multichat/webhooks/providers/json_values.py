"""Defensive readers for untrusted JSON, shared by every provider adapter.

Provider payloads drift between versions; a field of the wrong type must read as
"absent", never raise, so one odd field cannot make a whole delivery fail.
"""

from __future__ import annotations

from typing import Any


def as_dict(value: Any) -> dict[str, Any]:
    """`value` when it is a JSON object, else an empty dict."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """`value` when it is a JSON array, else an empty list."""
    return value if isinstance(value, list) else []


def text(value: Any) -> str:
    """`value` when it is a string; numbers become their decimal text; anything else ""."""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""
