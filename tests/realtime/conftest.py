"""Fixtures of the multi-process realtime suites (`test_multiprocess`,
`test_server_restart`, `test_redis_outage`): one provisioned database per module, and a
launcher of real server processes (and `redis-server`) per test."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.realtime.backend import Backend
from tests.realtime.servers import Launcher


@pytest.fixture(scope="module")
def backend(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Backend]:
    """One database for the module, named after it (`test_redis_outage`: `redis_outage`)."""
    name = request.module.__name__.rsplit(".", 1)[-1].removeprefix("test_")
    with Backend(tmp_path_factory.mktemp(f"rt-{name}"), name).provisioned() as ready:
        yield ready


@pytest.fixture
def launch(backend: Backend, tmp_path: Path) -> Iterator[Launcher]:
    with Launcher(backend, tmp_path) as launcher:
        yield launcher
