"""HTTP fixtures for the Evolution webhook tests: the `loja-centro` channel and a poster
that sends fixture bytes (or any body) to the real ASGI server."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from tests.factories import EvolutionChannelFactory

from .helpers import FIXTURES

API_KEY = "B6D711FCDE4D4FD5936544120E713976"


@pytest.fixture
def channel(transactional_db: None) -> Any:
    return EvolutionChannelFactory(instance="loja-centro", api_key=API_KEY)


@pytest.fixture
def post(asgi_server: str) -> Callable[..., httpx.Response]:
    """`post(fixture_name)` or `post(body=dict)`; `apikey=` adds the header, `path=` the
    per-event suffix (`messages-upsert/`)."""

    def send(
        name: str | None = None,
        *,
        body: dict[str, Any] | None = None,
        apikey: str | None = None,
        path: str = "",
    ) -> httpx.Response:
        raw = (FIXTURES / name).read_bytes() if name else json.dumps(body).encode()
        headers = {"Content-Type": "application/json"}
        if apikey is not None:
            headers["apikey"] = apikey
        return httpx.post(f"{asgi_server}/webhooks/evolution/{path}", content=raw, headers=headers)

    return send
