"""Concurrent first requests for one uncached file: one provider download, and every
request gets the whole file (none sees a half-written one)."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from multichat.chats.models import Message
from tests.media.conftest import (
    Shop,
    auth,
    evolution_media_message,
    meta_media_message,
    serve_evolution_file,
    serve_meta_file,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")

BODY = bytes(range(256)) * 200  # 50 KiB


def get_all_at_once(shop: Shop, message: Message, count: int) -> list[httpx.Response]:
    """`count` simultaneous GETs. The token is read here, on the test's thread: a query in
    a pool thread would leave that thread's database connection open."""
    url = f"{shop.url}/api/messages/{message.pk}/media/"
    headers = auth(shop.admin)
    with ThreadPoolExecutor(max_workers=count) as pool:
        return list(pool.map(lambda _: httpx.get(url, headers=headers, timeout=30), range(count)))


def test_concurrent_first_requests_fetch_a_meta_file_once(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.RACE1", "race1")
    serve_meta_file(shop.provider, "race1", BODY, delay=0.5)

    answers = get_all_at_once(shop, message, 8)

    assert [a.status_code for a in answers] == [200] * 8
    assert all(a.content == BODY for a in answers)
    assert len(shop.provider.requested()) == 2  # one lookup, one download


def test_concurrent_first_requests_fetch_an_evolution_file_once(shop: Shop) -> None:
    message = evolution_media_message(shop, "3EB0RACE2")
    serve_evolution_file(shop, BODY, delay=0.5)

    answers = get_all_at_once(shop, message, 6)

    assert all(a.status_code == 200 and a.content == BODY for a in answers)
    assert len(shop.provider.requested()) == 1
