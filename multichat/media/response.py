"""The HTTP answer for a media file: headers that make untrusted files safe to serve
from our own origin, and a body streamed from the open file without blocking the loop.

Files come from customers, so they are treated as hostile: `nosniff` stops a browser
guessing a type, `Content-Security-Policy: sandbox` keeps any HTML or SVG from running
script on our origin, and only types a browser shows harmlessly are served `inline`;
anything else (say a document sent as `text/html`) is an `attachment`. PDF is inline
without the sandbox, because browsers refuse to run their PDF viewer in one.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import BinaryIO

from django.http import HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from multichat.media.download import OpenedMedia
from multichat.media.ranges import ByteRange, RangeNotSatisfiableError, parse_range
from multichat.media.source import MediaSource

CHUNK_BYTES = 256 * 1024
INLINE_EXACT = frozenset(
    {"image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf", "text/plain"}
)
INLINE_PREFIXES = ("audio/", "video/")


class FileChunks:
    """An async iterator over part of a file, with `close()` so Django closes the file
    when the response is done (also when the client goes away mid-stream)."""

    def __init__(self, file: BinaryIO, start: int, length: int) -> None:
        self.file, self.start, self.length = file, start, length

    async def __aiter__(self) -> AsyncIterator[bytes]:
        await asyncio.to_thread(self.file.seek, self.start)
        remaining = self.length
        while remaining > 0:
            chunk = await asyncio.to_thread(self.file.read, min(CHUNK_BYTES, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk

    def close(self) -> None:
        self.file.close()


def _essence(mime_type: str) -> str:
    return mime_type.split(";", 1)[0].strip().lower()


def shows_inline(mime_type: str) -> bool:
    essence = _essence(mime_type)
    return essence in INLINE_EXACT or essence.startswith(INLINE_PREFIXES)


def media_headers(opened: OpenedMedia, source: MediaSource, max_age: int) -> dict[str, str]:
    inline = shows_inline(opened.mime_type)
    filename = source.filename if source.type == "document" else ""
    disposition = (content_disposition_header(not inline, filename) if filename else None) or (
        "inline" if inline else "attachment"
    )
    headers = {
        "Content-Type": opened.mime_type,
        "Content-Disposition": disposition,
        "Cache-Control": f"private, max-age={max_age}",
        "X-Content-Type-Options": "nosniff",
        "Accept-Ranges": "bytes",
    }
    if _essence(opened.mime_type) != "application/pdf":
        headers["Content-Security-Policy"] = "sandbox"
    return headers


def media_response(
    opened: OpenedMedia, source: MediaSource, *, range_header: str | None, max_age: int
) -> HttpResponse | StreamingHttpResponse:
    """200 with the whole file, or 206 with the one range asked for (416 past the end)."""
    headers = media_headers(opened, source, max_age)
    try:
        byte_range = parse_range(range_header, opened.size)
    except RangeNotSatisfiableError:
        opened.file.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{opened.size}"
        return refused
    part = byte_range or ByteRange(0, opened.size - 1)
    response = StreamingHttpResponse(
        FileChunks(opened.file, part.start, max(part.length, 0)),
        status=206 if byte_range else 200,
    )
    for name, value in headers.items():
        response[name] = value
    response["Content-Length"] = str(max(part.length, 0))
    if byte_range:
        response["Content-Range"] = byte_range.content_range(opened.size)
    return response
