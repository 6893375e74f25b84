"""Size limits over the real endpoint: files over MEDIA_MAX_FILE_BYTES are refused
(before downloading when the size is known), and the cache keeps its total under
MEDIA_CACHE_MAX_BYTES by evicting the least recently used file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.media.conftest import (
    Shop,
    evolution_media_message,
    get_media,
    meta_media_message,
    serve_evolution_file,
    serve_meta_file,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")

KIB = 1024


def cached_files(media_dir: Path) -> list[Path]:
    return [
        path
        for path in media_dir.glob("*/*")
        if path.is_file() and path.parent.name not in ("tmp", "locks")
    ]


def test_a_file_declared_too_large_is_refused_without_downloading(
    shop: Shop, settings: Any
) -> None:
    settings.MEDIA_MAX_FILE_BYTES = 10 * KIB
    message = meta_media_message(shop, "wamid.BIG1", "1")
    serve_meta_file(shop.provider, "1", b"x" * (20 * KIB), mime_type="video/mp4")

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 413
    assert response.json()["error"] == "media_too_large"
    assert [r.path for r in shop.provider.requested()] == ["/v21.0/1"]  # lookup only


def test_a_file_that_turns_out_too_large_is_refused_and_not_cached(
    shop: Shop, settings: Any, media_dir: Path
) -> None:
    settings.MEDIA_MAX_FILE_BYTES = 10 * KIB
    message = meta_media_message(shop, "wamid.BIG2", "2")
    serve_meta_file(shop.provider, "2", b"x" * (20 * KIB), file_size="")  # size not declared

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 413
    assert cached_files(media_dir) == []
    assert list((media_dir / "tmp").iterdir()) == []


def test_an_evolution_file_over_the_limit_is_refused(shop: Shop, settings: Any) -> None:
    settings.MEDIA_MAX_FILE_BYTES = 10 * KIB
    message = evolution_media_message(shop, "3EB0BIG3")
    serve_evolution_file(shop, b"y" * (20 * KIB))

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 413


def test_an_inline_file_over_the_limit_is_not_cached_and_refused_by_its_size(
    shop: Shop, settings: Any, media_dir: Path
) -> None:
    settings.MEDIA_MAX_FILE_BYTES = 10 * KIB
    message = evolution_media_message(
        shop, "3EB0BIG4", fields={"fileLength": 20 * KIB}, inline=b"z" * (20 * KIB)
    )

    assert cached_files(media_dir) == []
    assert get_media(shop, message, shop.admin).status_code == 413
    assert shop.provider.requested() == []  # the webhook's fileLength was enough


def test_the_least_recently_used_file_is_evicted_past_the_cap(
    shop: Shop, settings: Any, media_dir: Path
) -> None:
    settings.MEDIA_CACHE_MAX_BYTES = 25 * KIB  # room for two 10 KiB files
    files = {name: name.encode() * (10 * KIB) for name in ("a", "b", "c")}
    messages = {}
    for name, data in files.items():
        messages[name] = meta_media_message(shop, f"wamid.LRU{name}", f"lru{name}")
        serve_meta_file(shop.provider, f"lru{name}", data)
    assert get_media(shop, messages["a"], shop.admin).content == files["a"]
    assert get_media(shop, messages["b"], shop.admin).content == files["b"]
    assert get_media(shop, messages["a"], shop.admin).status_code == 200  # a: recently used

    assert get_media(shop, messages["c"], shop.admin).content == files["c"]  # evicts b

    assert sum(p.stat().st_size for p in cached_files(media_dir)) <= 25 * KIB
    before = len(shop.provider.requested())
    assert get_media(shop, messages["a"], shop.admin).content == files["a"]
    assert len(shop.provider.requested()) == before  # a was kept
    assert get_media(shop, messages["b"], shop.admin).content == files["b"]
    assert len(shop.provider.requested()) == before + 2  # b was fetched again
