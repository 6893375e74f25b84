"""Small value types shared across layers."""

from __future__ import annotations

from typing import NamedTuple


class Grant(NamedTuple):
    """What one user may currently receive: its tenant and the channels it may see."""

    tenant_id: int
    channel_ids: frozenset[int]
