"""Defensive readers for Meta payload fields.

Meta's webhook objects are loosely typed JSON and fields come and go between Graph
versions; every read goes through these helpers so a missing or oddly typed field turns
into an empty value instead of an exception (a 5xx makes Meta redeliver for days).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from multichat.webhooks.providers.json_values import as_dict, as_list, text

# The shared JSON readers are re-exported so adapter modules import from one place.
__all__ = ["as_dict", "as_list", "digits", "error_of", "errors_of", "text", "timestamp"]


def digits(value: Any) -> str:
    """Only the digits of a phone-like value (`"+55 11 98765-4321"` -> `"5511987654321"`)."""
    return "".join(ch for ch in text(value) if ch.isdigit())


def timestamp(value: Any) -> datetime:
    """Meta's unix-seconds string as an aware UTC datetime.

    A missing or garbled timestamp falls back to the time of parsing (the receipt time),
    which keeps the item instead of dropping it.
    """
    try:
        return datetime.fromtimestamp(int(text(value)), tz=UTC)
    except (ValueError, OverflowError, OSError):
        return datetime.now(tz=UTC)


def error_of(value: Any) -> dict[str, Any]:
    """One Meta `errors[]` item in the shape the inbox stores and shows.

    `{"code": int | None, "title": str, "message": str, "details": str}`; `href` and other
    documentation links are left out.
    """
    item = as_dict(value)
    code = item.get("code")
    return {
        "code": code if isinstance(code, int) and not isinstance(code, bool) else None,
        "title": text(item.get("title")),
        "message": text(item.get("message")),
        "details": text(as_dict(item.get("error_data")).get("details")),
    }


def errors_of(value: Any) -> list[dict[str, Any]]:
    """Every item of an `errors[]` array, normalized with `error_of`."""
    return [error_of(item) for item in as_list(value) if isinstance(item, dict)]
