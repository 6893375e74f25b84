"""One open stream's mailbox: what it may receive and the updates waiting for it.

The hub pushes (event id, serialized update) pairs from the event loop; the stream's
writer takes them in batches. The mailbox is bounded: a consumer that falls more than
`limit` updates behind is marked overflowed and its stream closes, and the client resumes
from its last id — memory never grows with a slow reader.
"""

from __future__ import annotations

import asyncio
from collections import deque
from dataclasses import dataclass, field

from multichat.core.types import Grant

Delivery = tuple[int, str]  # (event id, update as JSON text)


@dataclass(eq=False)
class Subscription:
    user_id: int
    grant: Grant
    chat_filter: str | None
    limit: int
    overflowed: bool = False
    closed: bool = False
    _pending: deque[Delivery] = field(default_factory=deque)
    _ready: asyncio.Event = field(default_factory=asyncio.Event)
    _ended: asyncio.Event = field(default_factory=asyncio.Event)

    def wants(self, channel_id: int | None, user_id: int | None, chat_key: str) -> bool:
        if user_id is not None and user_id != self.user_id:
            return False
        if channel_id is not None and channel_id not in self.grant.channel_ids:
            return False
        return self.chat_filter is None or self.chat_filter == chat_key

    def push(self, deliveries: list[Delivery]) -> None:
        if self.closed or self.overflowed:
            return
        if len(self._pending) + len(deliveries) > self.limit:
            self.overflowed = True
            self._pending.clear()
            self._ended.set()
        else:
            self._pending.extend(deliveries)
        self._ready.set()

    def close(self) -> None:
        """Stop the stream (access revoked, server shutting down)."""
        self.closed = True
        self._ready.set()
        self._ended.set()

    async def take(self, timeout: float) -> list[Delivery]:
        """Everything waiting, or [] after `timeout` seconds with nothing."""
        if not self._pending and not self.closed and not self.overflowed:
            # `asyncio.timeout`, not `wait_for`: no extra task per wait, and this runs
            # once per stream per update (it showed up in the fan-out profile).
            try:
                async with asyncio.timeout(timeout):
                    await self._ready.wait()
            except TimeoutError:
                return []
        self._ready.clear()
        taken = list(self._pending)
        self._pending.clear()
        return taken

    async def wait_ended(self) -> None:
        """Returns once the stream must stop, even while its writer is stuck in a send."""
        await self._ended.wait()

    @property
    def ended(self) -> bool:
        return self.closed or self.overflowed
