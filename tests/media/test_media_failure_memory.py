"""A provider's definite "no such file" (404) or "expired" (410) is remembered a while, so
views of an old chat do not ask the provider again for every expired photo; a timeout or
a 5xx is never remembered (`multichat.media.failures`)."""

from __future__ import annotations

import time
from typing import Any

import pytest

from tests.media.conftest import (
    Shop,
    evolution_media_message,
    get_media,
    meta_media_message,
    serve_meta_file,
)
from tests.media.fake_provider import Reply

pytestmark = pytest.mark.usefixtures("server_connections_released")

META_EXPIRED = {"error": {"message": "Unsupported get request.", "code": 100, "error_subcode": 33}}
JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8


def test_an_expired_meta_file_is_asked_for_once(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.GONE1", "7100")
    shop.provider.route("GET", "/v21.0/7100", Reply.json(META_EXPIRED, status=400))

    answers = [get_media(shop, message, shop.admin) for _ in range(3)]

    assert [answer.status_code for answer in answers] == [410, 410, 410]
    assert answers[1].json() == answers[0].json()
    assert answers[0].json()["error"] == "media_expired"
    assert len(shop.provider.requested()) == 1


def test_a_file_the_provider_does_not_have_is_asked_for_once(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.NONE1", "7200")  # no route: the fake says 404

    answers = [get_media(shop, message, shop.admin) for _ in range(2)]

    assert [answer.json()["error"] for answer in answers] == ["media_not_found"] * 2
    assert len(shop.provider.requested()) == 1


def test_an_expired_evolution_file_is_asked_for_once(shop: Shop) -> None:
    message = evolution_media_message(shop, "3EB0GONE9")
    shop.provider.route(
        "POST",
        f"/chat/getBase64FromMediaMessage/{shop.evolution.instance}",
        Reply.json({"status": 400, "response": {"message": ["Message not found"]}}, status=400),
    )

    assert [get_media(shop, message, shop.admin).status_code for _ in range(2)] == [410, 410]
    assert len(shop.provider.requested()) == 1


def test_a_provider_outage_is_not_remembered_the_next_view_gets_the_file(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.LATER1", "7300")
    shop.provider.route("GET", "/v21.0/7300", Reply.json({"error": "down"}, status=503))
    assert get_media(shop, message, shop.admin).status_code == 502

    serve_meta_file(shop.provider, "7300", JPEG)
    second = get_media(shop, message, shop.admin)

    assert second.status_code == 200
    assert second.content == JPEG


def test_the_memory_fades_and_the_provider_is_asked_again(shop: Shop, settings: Any) -> None:
    settings.MEDIA_FAILURE_MEMORY_SECONDS = 1
    message = meta_media_message(shop, "wamid.BACK1", "7400")  # 404 at first
    assert get_media(shop, message, shop.admin).status_code == 404
    serve_meta_file(shop.provider, "7400", JPEG)
    assert get_media(shop, message, shop.admin).status_code == 404  # still remembered

    time.sleep(1.5)

    assert get_media(shop, message, shop.admin).content == JPEG


def test_other_files_of_the_same_chat_are_not_affected(shop: Shop) -> None:
    gone = meta_media_message(shop, "wamid.GONE2", "7500")
    kept = meta_media_message(shop, "wamid.KEPT2", "7600")
    shop.provider.route("GET", "/v21.0/7500", Reply.json(META_EXPIRED, status=400))
    serve_meta_file(shop.provider, "7600", JPEG)

    assert get_media(shop, gone, shop.admin).status_code == 410
    assert get_media(shop, kept, shop.admin).content == JPEG
