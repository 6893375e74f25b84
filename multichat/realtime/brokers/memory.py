"""In-process broker: the embedded default, for a single server process.

Commits happen in worker threads; listeners live in event loops. `publish` hands the
wake-up to each listening loop with `call_soon_threadsafe`.
"""

from __future__ import annotations

import asyncio
import threading

from multichat.realtime.brokers.base import StateListener, Wake


class MemoryBroker:
    kind = "memory"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._listeners: list[tuple[asyncio.AbstractEventLoop, Wake]] = []

    def publish(self) -> None:
        with self._lock:
            listeners = list(self._listeners)
        for loop, wake in listeners:
            if not loop.is_closed():
                loop.call_soon_threadsafe(wake)

    async def listen(self, wake: Wake, on_state: StateListener) -> None:
        entry = (asyncio.get_running_loop(), wake)
        with self._lock:
            self._listeners.append(entry)
        on_state(True)
        try:
            await asyncio.Event().wait()  # until cancelled
        finally:
            with self._lock:
                self._listeners.remove(entry)

    def is_healthy(self) -> bool:
        return True
