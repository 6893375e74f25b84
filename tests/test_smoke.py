"""The server boots, migrates and serves a 404 JSON-less route over real HTTP."""

import httpx


def test_asgi_server_answers_over_real_http(asgi_server: str) -> None:
    response = httpx.get(f"{asgi_server}/webhooks/unknown/")
    assert response.status_code == 404
