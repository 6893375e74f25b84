"""JSON paths for error messages: `$.tenants[0].channels[1].app_secret: Field required`.

Pydantic reports locations as tuples, and for a discriminated union it inserts the tag
(`('tenants', 0, 'channels', 1, 'meta', 'app_secret')`), which is not a place in the file.
Walking the input alongside the location drops such steps, so every path names a spot the
user can find in the document. Messages never quote input values: they may be secrets.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails

_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def json_path(*steps: str | int) -> str:
    """`json_path("tenants", 0, "slug")` → `$.tenants[0].slug`."""
    path = "$"
    for step in steps:
        if isinstance(step, int):
            path += f"[{step}]"
        elif _IDENTIFIER.fullmatch(step):
            path += f".{step}"
        else:
            path += '["' + step.replace("\\", "\\\\").replace('"', '\\"') + '"]'
    return path


def _file_steps(document: Any, loc: Sequence[str | int]) -> list[str | int]:
    """The steps of `loc` that exist in `document`, plus a trailing missing key."""
    steps: list[str | int] = []
    node = document
    last = len(loc) - 1
    for index, step in enumerate(loc):
        if isinstance(node, list) and isinstance(step, int):
            steps.append(step)
            node = node[step] if 0 <= step < len(node) else None
        elif isinstance(node, dict) and step in node:
            steps.append(step)
            node = node[step]
        elif index == last:
            steps.append(step)  # a required key that is absent
        # else: a union tag pydantic added; it is not part of the file
    return steps


def _message(error: ErrorDetails) -> tuple[str | None, str]:
    """(extra step, message) for one pydantic error, phrased for a person editing JSON."""
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "union_tag_invalid":
        return "provider", f"Input should be one of {ctx.get('expected_tags', '')}"
    if kind == "union_tag_not_found":
        return "provider", "Field required"
    if kind == "value_error" and "error" in ctx:
        return None, str(ctx["error"])
    return None, error["msg"]


def validation_messages(document: Any, exc: ValidationError) -> list[str]:
    """Every error of `exc` as `"<json path>: <message>"`, in document order."""
    messages = []
    for error in exc.errors(include_url=False, include_input=False):
        extra, message = _message(error)
        steps = _file_steps(document, error["loc"])
        if extra is not None:
            steps.append(extra)
        messages.append(f"{json_path(*steps)}: {message}")
    return messages
