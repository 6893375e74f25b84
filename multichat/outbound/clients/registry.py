"""The client for a channel: the class named for its provider in `OUTBOUND_CLIENTS`
(dotted paths, so tests and other environments can swap in `MemoryClient`)."""

from __future__ import annotations

from typing import Any

import httpx
from django.conf import settings
from django.utils.module_loading import import_string

from multichat.outbound.clients.base import ChannelConfig, PermanentSendError, ProviderClient


def client_for(channel: ChannelConfig, http: httpx.AsyncClient) -> ProviderClient:
    path = settings.OUTBOUND_CLIENTS.get(channel.provider)
    if not path:
        raise PermanentSendError(f"no client for provider {channel.provider}", code="no_client")
    factory: Any = import_string(path)
    client: ProviderClient = factory(channel, http)
    return client
