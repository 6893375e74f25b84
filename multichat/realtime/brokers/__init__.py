"""Brokers only wake server processes; the event log is the truth.

`get_broker()` builds the broker named by `settings.REALTIME_BROKER` (a dotted path) once
per process. Every broker has the same small interface (`base.Broker`): `publish()` after
a commit, from any thread; `listen(wake, on_state)` in each process's event loop.
"""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.utils.module_loading import import_string

from multichat.realtime.brokers.base import Broker


@lru_cache(maxsize=1)
def get_broker() -> Broker:
    broker_class = import_string(settings.REALTIME_BROKER)
    broker: Broker = broker_class()
    return broker
