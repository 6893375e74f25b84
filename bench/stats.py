"""Turning posted webhooks and client receipts into delivery numbers.

Expected deliveries: every webhook the server answered as stored, to every client that
was connected before posting began and whose agent sees that webhook's channel. Lost:
expected and never received by the end of the grace period. Duplicated: one message
received twice (or more) by one client. Latency: receive time minus POST send time, per
first receipt, on the same machine clock (`time.time_ns()` on both sides).
"""

from __future__ import annotations

import math
import statistics
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import Any

from bench.provisioning import User
from bench.webhooks import Posted


@dataclass
class Delivery:
    latencies_ms: list[float]
    expected: int
    lost: int
    duplicated: int
    unexpected: int
    connected: int
    connect_failures: int
    reconnects: int
    webhooks_posted: int
    webhooks_failed: int
    # Latency split (ms): POST sent → update appended to the log (inside the webhook's
    # transaction), appended → event written by the server, written → read by the client.
    stages: dict[str, list[float]] = field(default_factory=dict)


STAGES = ("post→append", "append→write", "write→read")


@lru_cache(maxsize=100_000)
def _ns(iso: str) -> int:
    return round(datetime.fromisoformat(iso).timestamp() * 1e9)


def deliveries(posted: list[Posted], clients: list[dict[str, Any]], users: list[User]) -> Delivery:
    stored = [p for p in posted if p.stored]
    sent_at = {p.message_id: p.sent_ns for p in stored}
    by_channel: dict[int, set[str]] = {}
    for p in stored:
        by_channel.setdefault(p.channel, set()).add(p.message_id)
    latencies: list[float] = []
    stages: dict[str, list[float]] = {name: [] for name in STAGES}
    expected = lost = duplicated = unexpected = reconnects = connected = 0
    for client in clients:
        if not client["ready"]:
            continue
        connected += 1
        reconnects += client["reconnects"]
        visible = set().union(*(by_channel.get(c, set()) for c in users[client["user"]].channels))
        counts = Counter(message_id for message_id, *_ in client["received"])
        duplicated += sum(n - 1 for n in counts.values() if n > 1)
        unexpected += sum(1 for message_id in counts if message_id not in visible)
        expected += len(visible)
        lost += len(visible - counts.keys())
        first: set[str] = set()
        for message_id, received_ns, appended, written in client["received"]:
            if message_id in visible and message_id not in first:
                first.add(message_id)
                latencies.append((received_ns - sent_at[message_id]) / 1e6)
                if appended and written:
                    stages["post→append"].append((_ns(appended) - sent_at[message_id]) / 1e6)
                    stages["append→write"].append((_ns(written) - _ns(appended)) / 1e6)
                    stages["write→read"].append((received_ns - _ns(written)) / 1e6)
    return Delivery(
        latencies_ms=latencies,
        expected=expected,
        lost=lost,
        duplicated=duplicated,
        unexpected=unexpected,
        connected=connected,
        connect_failures=sum(1 for c in clients if not c["ready"]),
        reconnects=reconnects,
        webhooks_posted=len(posted),
        webhooks_failed=len(posted) - len(stored),
        stages=stages,
    )


def percentile(values: list[float], fraction: float) -> float | None:
    """Nearest-rank percentile; None when there is nothing to rank."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def median(values: list[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None
