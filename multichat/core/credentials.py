"""The `{"username", "password"}` body both sign-in endpoints take (token and session)."""

from __future__ import annotations

from typing import Any

from multichat.core.exceptions import InvalidInputError

MAX_CREDENTIAL_LENGTH = 256


def read_credentials(data: Any) -> tuple[str, str]:
    """Username and password from a parsed JSON body, or a 400 naming each bad field."""
    if not isinstance(data, dict):
        raise InvalidInputError("expected a JSON object with username and password")
    errors: dict[str, list[str]] = {}
    for field in ("username", "password"):
        value = data.get(field)
        if value is None:
            errors[field] = ["This field is required."]
        elif not isinstance(value, str) or not value or len(value) > MAX_CREDENTIAL_LENGTH:
            errors[field] = ["Must be a non-empty string."]
    if errors:
        raise InvalidInputError("username and password are required", details=errors)
    return data["username"], data["password"]
