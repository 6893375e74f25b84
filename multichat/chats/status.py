"""Message status ranks: statuses only ever move forward.

`failed` is a terminal side branch ranked between `sent` and `delivered`: a message the
provider reported failed was never delivered, and a late `sent` cannot undo the failure.
Providers deliver statuses out of order (a `read` can precede its `delivered`, or come
with none), so each update is applied only when it ranks higher than what is stored.
"""

from __future__ import annotations

STATUS_RANK: dict[str, int] = {"pending": 0, "sent": 1, "failed": 2, "delivered": 3, "read": 4}


def status_moves_forward(current: str, new: str) -> bool:
    return STATUS_RANK[new] > STATUS_RANK[current]


def best_status(a: str, b: str) -> str:
    return b if status_moves_forward(a, b) else a
