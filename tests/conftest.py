"""Shared fixtures: API clients with Bearer tokens, the published-events probe and a real
ASGI server (uvicorn in a background thread) for tests that speak HTTP on a socket."""

from __future__ import annotations

import asyncio
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import uvicorn
from django.db import connection
from rest_framework.test import APIClient

from multichat.realtime.models import Event
from tests.factories import token_for


@pytest.fixture(scope="session", autouse=True)
def stray_connections_closed(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """Before the test database is dropped, end the PostgreSQL sessions other threads left.

    In-process test servers run database work on pool threads (the realtime readers, the
    outbound sender, `asyncio.to_thread`); a connection such a thread still holds at the
    end makes Django's `DROP DATABASE` fail ("being accessed by other users") after every
    test passed. Django can close connections only from their own thread, so they are
    ended from the server side. SQLite needs nothing: its file is simply removed."""
    yield
    if connection.vendor != "postgresql":
        return
    with django_db_blocker.unblock(), connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )


@pytest.fixture(autouse=True)
def fast_password_hasher(settings: Any) -> None:
    """Password hashing at production cost would dominate the suite's run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def own_cache_space(settings: Any) -> None:
    """The Django cache (failed sign-ins, remembered media failures) is Redis with
    REDIS_URL, shared by every test and test run on the machine: each test keeps its own
    keys, under its own prefix."""
    settings.CACHES = {
        name: {**config, "KEY_PREFIX": f"test-{uuid.uuid4().hex}"}
        for name, config in settings.CACHES.items()
    }


@pytest.fixture
def api_client_for() -> Callable[[Any], APIClient]:
    """Build an APIClient authenticated as `user` with `Authorization: Bearer <token>`."""

    def build(user: Any) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_for(user)}")
        return client

    return build


@pytest.fixture
def published_events(db: None) -> Callable[[], list[dict[str, Any]]]:
    """Call it to get the updates appended to the event log since the test started."""
    baseline = Event.objects.order_by("-id").values_list("id", flat=True).first() or 0

    def read() -> list[dict[str, Any]]:
        rows = Event.objects.filter(id__gt=baseline).order_by("id")
        return [row.update for row in rows]

    return read


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class _ThreadedServer(uvicorn.Server):
    def install_signal_handlers(self) -> None:  # the test process owns signals
        pass


@pytest.fixture
def asgi_server(transactional_db: None) -> Iterator[str]:
    """Serve `config.asgi.application` with uvicorn on a free loopback port; yield its URL."""
    from config.asgi import application

    port = _free_port()
    config = uvicorn.Config(
        application,
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        timeout_graceful_shutdown=1,
    )
    server = _ThreadedServer(config)
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.01)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
