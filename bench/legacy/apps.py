"""Feeds the old design's cache list from every update the real code stores.

The old webhook code appended each update to the list after saving; here every event-log
row does the same once its transaction commits, so the old stream sees exactly the
updates the new one does, through the old path.
"""

from __future__ import annotations

from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.db.models.signals import post_save


class LegacyConfig(AppConfig):
    name = "bench.legacy"
    label = "bench_legacy"

    def ready(self) -> None:
        from multichat.realtime.models import Event  # noqa: PLC0415  (app registry first)

        post_save.connect(_event_saved, sender=Event, dispatch_uid="bench-legacy-append")


def _event_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    from bench.legacy.cache_list import cache_list_append  # noqa: PLC0415

    if created:
        item = {
            "tenant": instance.tenant_id,
            "channel": instance.channel_id,
            "user": instance.user_id,
            "update": instance.update,
        }
        transaction.on_commit(lambda: cache_list_append(item))
