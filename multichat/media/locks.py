"""One fetch at a time per cache key, across coroutines and server processes.

`flock` on a lock file is the one primitive that covers both: two opens of the same file
conflict even inside one process, and the kernel drops the lock if a process dies, so a
crashed download never wedges a key. The lock is taken non-blocking and retried with
`asyncio.sleep`, so a waiter never blocks the event loop.

Lock files are striped (4096 of them, by key prefix) and never deleted: deleting a lock
file while someone waits on it lets two holders in. Two keys sharing a stripe only
means their first downloads take turns.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from multichat.media.errors import ProviderUnavailableError

POLL_SECONDS = 0.02


@asynccontextmanager
async def fetch_lock(root: Path, key: str, *, timeout: float) -> AsyncIterator[None]:
    """Hold the key's lock; ProviderUnavailableError if another fetch of it outlasts
    `timeout` (it is stuck on the provider, and so would we be)."""
    lock_dir = root / "locks"
    lock_dir.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_dir / f"{key[:3]}.lock", os.O_RDWR | os.O_CREAT, 0o600)
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() > deadline:
                    raise ProviderUnavailableError(
                        "timed out waiting for another download of this file"
                    ) from None
                await asyncio.sleep(POLL_SECONDS)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
