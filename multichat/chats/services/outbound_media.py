"""Attachments an agent sends (image or document): checked, then kept on disk until sent.

The file is written under `OUTBOUND_MEDIA_DIR` (in the var dir) before the message row is
stored, and the row's `OutboundSend.media_path` names it; the sender reads it from there
and deletes it once the provider accepted the message. Checks: size (413), declared type
against what WhatsApp accepts for that message type (415), and for images the file's
first bytes, so a renamed file is refused rather than failing at the provider.
"""

from __future__ import annotations

import contextlib
import hashlib
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from multichat.core.exceptions import (
    InvalidInputError,
    PayloadTooLargeError,
    UnsupportedMediaTypeError,
)

IMAGE_TYPES = {"image/jpeg": (b"\xff\xd8\xff",), "image/png": (b"\x89PNG\r\n\x1a\n",)}
DOCUMENT_TYPES = {
    "application/pdf",
    "text/plain",
    "text/csv",
    "application/msword",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "application/vnd.ms-powerpoint",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


@dataclass(frozen=True)
class OutboundAttachment:
    """A stored upload: `path` is relative to `OUTBOUND_MEDIA_DIR`."""

    path: str
    mime_type: str
    filename: str
    size: int
    sha256: str

    def as_media_json(self) -> dict[str, Any]:
        """The message's `media` (the same keys as an inbound attachment's)."""
        return {
            "id": "",
            "mime_type": self.mime_type,
            "sha256": self.sha256,
            "filename": self.filename,
            "size": self.size,
            "seconds": None,
            "voice": False,
            "animated": False,
            "has_inline_data": False,
        }


def media_dir() -> Path:
    return Path(settings.OUTBOUND_MEDIA_DIR)


def _check(kind: str, upload: UploadedFile[bytes]) -> str:
    size = upload.size or 0
    if size > settings.OUTBOUND_MEDIA_MAX_BYTES:
        raise PayloadTooLargeError(
            f"file is {size} bytes; the limit is {settings.OUTBOUND_MEDIA_MAX_BYTES}"
        )
    if size == 0:
        raise InvalidInputError("file is empty")
    mime = (upload.content_type or "").split(";")[0].strip().lower()
    if kind == "image":
        magic = IMAGE_TYPES.get(mime)
        head = next(upload.chunks(64), b"")[:16]
        upload.seek(0)
        if magic is None or not head.startswith(magic):
            raise UnsupportedMediaTypeError("an image must be a JPEG or PNG file")
    elif mime not in DOCUMENT_TYPES:
        raise UnsupportedMediaTypeError(f"documents of type {mime or 'unknown'} are not sent")
    return mime


def attachment_store(*, kind: str, upload: UploadedFile[bytes]) -> OutboundAttachment:
    """Check `upload` for a message of type `kind` (image|document) and write it to disk."""
    mime = _check(kind, upload)
    name = Path(upload.name or "file").name[:200] or "file"
    relative = f"{uuid.uuid4().hex}{Path(name).suffix[:10]}"
    target = media_dir() / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    with target.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return OutboundAttachment(
        path=relative,
        mime_type=mime,
        filename=name,
        size=upload.size or 0,
        sha256=digest.hexdigest(),
    )


def attachment_discard(path: str) -> None:
    """Delete a stored upload (sent, or never used); missing is fine."""
    if path:
        with contextlib.suppress(FileNotFoundError):
            (media_dir() / path).unlink()
