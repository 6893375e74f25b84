"""Pruning the event log after `EVENT_RETENTION_DAYS` (default 7).

The highest pruned id is remembered, so a stream resuming from before it gets a `reset`
instead of a silent gap.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from multichat.realtime.models import Event, EventLogState


def events_prune(*, older_than: timedelta | None = None) -> int:
    """Delete events older than the retention; returns how many were deleted."""
    age = older_than if older_than is not None else timedelta(days=settings.EVENT_RETENTION_DAYS)
    cutoff = timezone.now() - age
    with transaction.atomic():
        through = Event.objects.filter(created_at__lt=cutoff).aggregate(top=Max("id"))["top"]
        if through is None:
            return 0
        deleted, _ = Event.objects.filter(id__lte=through).delete()
        state, _ = EventLogState.objects.select_for_update().get_or_create(pk=1)
        if through > state.pruned_through_id:
            state.pruned_through_id = through
            state.save(update_fields=["pruned_through_id"])
    return deleted
