"""`Range: bytes=…` for media (RFC 9110 §14): audio and video players seek with it, and
Safari will not play a file whose server does not answer ranges.

Only a single range is honoured; a multi-range or malformed header is ignored and the
whole file is served, which the RFC allows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SINGLE_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


class RangeNotSatisfiableError(Exception):
    """The range starts past the end of the file (answered 416)."""


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive, as in Content-Range

    @property
    def length(self) -> int:
        return self.end - self.start + 1

    def content_range(self, size: int) -> str:
        return f"bytes {self.start}-{self.end}/{size}"


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The requested range clipped to the file, or None for "the whole file"."""
    match = _SINGLE_RANGE.match((header or "").replace(" ", ""))
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # "-N": the last N bytes
        suffix = int(last)
        if suffix == 0:
            raise RangeNotSatisfiableError
        return ByteRange(max(size - suffix, 0), size - 1) if size else None
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size:
        raise RangeNotSatisfiableError
    if end < start:
        return None
    return ByteRange(start, end)
