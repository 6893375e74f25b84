"""The broker interface: wake every server process when new events are committed."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

Wake = Callable[[], None]
StateListener = Callable[[bool], None]


class Broker(Protocol):
    """A wake-up channel between server processes. Losing a wake-up loses nothing (the
    log reader also polls), it only delays; so `publish` never raises."""

    kind: str

    def publish(self) -> None:
        """Announce that events were committed. Called after commit, from any thread."""
        ...

    async def listen(self, wake: Wake, on_state: StateListener) -> None:
        """Run forever in an event loop: call `wake()` for every announcement (from this
        or another process) and `on_state(connected)` whenever reachability changes."""
        ...

    def is_healthy(self) -> bool:
        """Whether announcements currently reach this process."""
        ...
