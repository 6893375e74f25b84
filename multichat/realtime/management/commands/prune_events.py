"""`manage.py prune_events [--older-than-hours H]`: apply the event log's retention.

Server processes also prune every `EVENT_PRUNE_INTERVAL_SECONDS`; this command is for
cron jobs and operators.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from multichat.realtime.retention import events_prune


class Command(BaseCommand):
    help = "Delete realtime events older than EVENT_RETENTION_DAYS (or --older-than-hours)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--older-than-hours", type=float, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["older_than_hours"]
        age = timedelta(hours=hours) if hours is not None else None
        deleted = events_prune(older_than=age)
        self.stdout.write(f"pruned {deleted} events")
