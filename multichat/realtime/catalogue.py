"""Every update type the realtime streams carry (docs/realtime-events.md lists the same;
a test keeps the two in step). `event_append` refuses any other type."""

from __future__ import annotations

UPDATE_TYPES: frozenset[str] = frozenset(
    {"new_message", "message_status", "message_update", "chat_update", "channel_update", "reset"}
)
