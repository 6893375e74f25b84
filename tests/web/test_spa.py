"""The built app's `index.html` at `/` and every app path; server paths stay the server's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx
import pytest
from django.test import Client

SHELL = '<!doctype html><div id="root"></div><script src="/static/assets/app.js"></script>'


@pytest.fixture
def built_app(tmp_path: Path, settings: Any) -> Path:
    index = tmp_path / "index.html"
    index.write_text(SHELL)
    settings.MULTICHAT_SPA_INDEX = str(index)
    return index


@pytest.mark.parametrize("path", ["/", "/chats/42", "/login"])
def test_app_paths_get_the_uncached_shell_with_a_csrf_cookie(built_app: Path, path: str) -> None:
    client = Client()
    response = client.get(path)
    assert response.status_code == 200
    assert response.content.decode() == SHELL
    assert "no-cache" in response["Cache-Control"]
    assert client.cookies["csrftoken"].value


@pytest.mark.parametrize(
    "path", ["/api/nothing-here", "/webhooks/nothing-here", "/ws/x", "/static/missing.js"]
)
def test_server_paths_are_never_answered_with_the_app(built_app: Path, path: str) -> None:
    response = Client().get(path)
    assert response.status_code == 404
    assert SHELL.encode() not in response.content


def test_health_and_metrics_are_still_the_servers(built_app: Path, asgi_server: str) -> None:
    """Through a real server: `/healthz` starts the realtime hub, which needs a running
    event loop that outlives the request (Django's test client gives it neither)."""
    assert (
        httpx.get(f"{asgi_server}/healthz").headers["content-type"].startswith("application/json")
    )
    assert httpx.get(f"{asgi_server}/metrics").headers["content-type"].startswith("text/plain")


def test_without_a_build_the_page_says_how_to_get_one(tmp_path: Path, settings: Any) -> None:
    settings.MULTICHAT_SPA_INDEX = str(tmp_path / "missing.html")
    response = Client().get("/")
    assert response.status_code == 503
    assert b"make run" in response.content
