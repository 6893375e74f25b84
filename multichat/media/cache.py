"""The disk cache of media files: one file per message, least recently used evicted.

Layout under `MEDIA_CACHE_DIR`: `<k[:2]>/<k>` holds the bytes of key `k`
(`cache_key`), `tmp/` the files being written, `locks/` the fetch locks (`locks.py`).

Guarantees:
- A reader never sees a half-written file: bytes go to a temp file in `tmp/` (same file
  system), are fsynced, then `os.replace`d into place, which is atomic.
- A file being served stays readable even if it is evicted meanwhile: readers hold an
  open descriptor, and unlinking an open file on POSIX keeps its data until closed.
- Recency is the file's mtime, touched on every hit, so it works on `noatime` mounts.
- The total stays under `max_bytes`, except that the file just stored is never the
  one evicted (so one file larger than the whole cap can still be served once).

Blocking (disk) functions: async callers run them with `asyncio.to_thread`.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from multichat.media.errors import MediaTooLargeError

logger = logging.getLogger("multichat.media")

STALE_TEMP_SECONDS = 3600  # a temp file this old was left by a crashed writer
SPECIAL_DIRS = ("tmp", "locks")


def cache_key(channel_id: int, provider_message_id: str) -> str:
    """The cache name of a message's file: what the webhook and the endpoint both know."""
    return hashlib.sha256(f"{channel_id}/{provider_message_id}".encode()).hexdigest()


class CacheWriter:
    """Bytes for one key, written to a temp file and published by `commit` only.

    Refuses to grow past `max_bytes` (MediaTooLargeError), and hashes what it writes so a
    fetcher can check the provider's checksum before anything is published."""

    def __init__(self, final: Path, tmp_dir: Path, max_bytes: int) -> None:
        self.final = final
        self.max_bytes = max_bytes
        self.size = 0
        self.sha256 = hashlib.sha256()
        fd, name = tempfile.mkstemp(dir=tmp_dir, prefix=f"{final.name[:16]}.", suffix=".part")
        self._path = Path(name)
        self._file: BinaryIO = os.fdopen(fd, "w+b")

    def write(self, data: bytes) -> None:
        self.size += len(data)
        if self.size > self.max_bytes:
            raise MediaTooLargeError(f"the file is larger than {self.max_bytes} bytes")
        self.sha256.update(data)
        self._file.write(data)

    def commit(self) -> BinaryIO:
        """Publish the file; returns it open for reading from the start."""
        self._file.flush()
        os.fsync(self._file.fileno())
        self.final.parent.mkdir(parents=True, exist_ok=True)
        self._path.replace(self.final)
        self._file.seek(0)
        return self._file

    def discard(self) -> None:
        self._file.close()
        self._path.unlink(missing_ok=True)


@dataclass(frozen=True)
class MediaCache:
    root: Path
    max_bytes: int

    def path_for(self, key: str) -> Path:
        return self.root / key[:2] / key

    def open(self, key: str) -> BinaryIO | None:
        """The cached file, open for reading and marked as just used; None on a miss."""
        path = self.path_for(key)
        try:
            file = path.open("rb")
        except FileNotFoundError:
            return None
        with contextlib.suppress(FileNotFoundError):  # evicted since: the open fd still reads
            os.utime(path)
        return file

    def contains(self, key: str) -> bool:
        return self.path_for(key).is_file()

    def writer(self, key: str, *, max_file_bytes: int) -> CacheWriter:
        tmp_dir = self.root / "tmp"
        tmp_dir.mkdir(parents=True, exist_ok=True)
        return CacheWriter(self.path_for(key), tmp_dir, max_file_bytes)

    def store_bytes(self, key: str, data: bytes, *, max_file_bytes: int) -> None:
        writer = self.writer(key, max_file_bytes=max_file_bytes)
        try:
            writer.write(data)
            writer.commit().close()
        except BaseException:
            writer.discard()
            raise

    def evict(self, *, keep: str = "") -> int:
        """Delete least recently used files until the total fits; returns bytes freed.
        Safe to run from several processes at once (a vanished file is skipped)."""
        entries: list[tuple[float, int, Path]] = []
        for path in self._files():
            with contextlib.suppress(FileNotFoundError):
                stat = path.stat()
                entries.append((stat.st_mtime, stat.st_size, path))
        total = sum(size for _, size, _ in entries)
        freed = 0
        for _, size, path in sorted(entries, key=lambda entry: entry[0]):
            if total - freed <= self.max_bytes:
                break
            if path.name == keep:
                continue
            path.unlink(missing_ok=True)
            freed += size
        self._sweep_stale_temps()
        if freed:
            logger.info("media cache evicted bytes=%d total=%d", freed, total - freed)
        return freed

    def _files(self) -> list[Path]:
        if not self.root.is_dir():
            return []
        return [
            path
            for shard in self.root.iterdir()
            if shard.is_dir() and shard.name not in SPECIAL_DIRS
            for path in shard.iterdir()
        ]

    def _sweep_stale_temps(self) -> None:
        tmp_dir = self.root / "tmp"
        if not tmp_dir.is_dir():
            return
        cutoff = time.time() - STALE_TEMP_SECONDS
        for path in tmp_dir.iterdir():
            with contextlib.suppress(FileNotFoundError):
                if path.stat().st_mtime < cutoff:
                    path.unlink()
