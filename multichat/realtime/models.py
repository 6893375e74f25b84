"""The durable, ordered event log (transactional outbox).

Each row is one update, written in the same transaction as the change it announces; its
id is the SSE `id`. The audience is fixed when the row is written: the tenant, and the
channel whose admins and agents may see it, or one user for personal updates (a chat
marked read by that user). The realtime layer knows no chats: `chat_key` is the
provider chat id used by the `?chat_id=` filter, nothing more.
"""

from __future__ import annotations

from django.db import models


class Event(models.Model):
    id = models.BigAutoField(primary_key=True)
    tenant_id = models.BigIntegerField(db_index=True)
    channel_id = models.BigIntegerField(null=True)
    user_id = models.BigIntegerField(null=True)
    chat_key = models.CharField(max_length=128, blank=True, default="")
    type = models.CharField(max_length=32)
    # The update exactly as it goes on the wire: {"type", "chat_id", "timestamp", "data"}.
    update = models.JSONField()
    # Per-user values merged into `update["data"]` on delivery, e.g.
    # {"7": {"unread_count": 3}}: the unread count is each reader's own.
    personal = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = [models.Index(fields=["tenant_id", "id"], name="event_tenant_id_idx")]

    def __str__(self) -> str:
        return f"{self.id}:{self.type}"


class EventLogState(models.Model):
    """One row: how far the log has been pruned. A resume point at or below
    `pruned_through_id` may have lost updates, so it gets a `reset`."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    pruned_through_id = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"pruned through {self.pruned_through_id}"
