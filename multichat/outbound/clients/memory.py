"""An in-memory provider twin, for tests of the parts that sit around sending.

Point `OUTBOUND_CLIENTS` at `MemoryClient` for both providers and every send lands in
`memory_provider.sent` with a made-up id; queue failures with `memory_provider.fail_next`.
The provider-facing code itself is tested against real fake HTTP servers instead.
"""

from __future__ import annotations

import itertools
from collections import deque
from dataclasses import dataclass, field

import httpx

from multichat.outbound.clients.base import (
    ChannelConfig,
    OutgoingMessage,
    SendAccepted,
    SendError,
)


@dataclass
class MemoryProvider:
    sent: list[tuple[ChannelConfig, OutgoingMessage]] = field(default_factory=list)
    failures: deque[SendError] = field(default_factory=deque)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def fail_next(self, *errors: SendError) -> None:
        self.failures.extend(errors)

    def reset(self) -> None:
        self.sent.clear()
        self.failures.clear()

    def accept(self, channel: ChannelConfig, message: OutgoingMessage) -> SendAccepted:
        if self.failures:
            raise self.failures.popleft()
        self.sent.append((channel, message))
        return SendAccepted(provider_message_id=f"memory-{next(self._ids)}")


memory_provider = MemoryProvider()


class MemoryClient:
    def __init__(self, channel: ChannelConfig, http: httpx.AsyncClient) -> None:
        self._channel = channel

    async def send(self, message: OutgoingMessage) -> SendAccepted:
        return memory_provider.accept(self._channel, message)
