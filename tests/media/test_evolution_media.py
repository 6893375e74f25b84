"""Evolution media through the real endpoint: the base64 endpoint with the apikey, and
files sent inside the webhook (webhook_base64) served without any provider call."""

from __future__ import annotations

import pytest

from tests.media.conftest import (
    EVO_KEY,
    Shop,
    evolution_media_message,
    get_media,
    serve_evolution_file,
)
from tests.media.fake_provider import Reply

pytestmark = pytest.mark.usefixtures("server_connections_released")

OGG = b"OggS\x00\x02" + bytes(range(200)) * 10


def test_evolution_media_comes_from_the_base64_endpoint_with_the_apikey(shop: Shop) -> None:
    message = evolution_media_message(
        shop, "3EB0AUDIO01", content_key="audioMessage", fields={"mimetype": "audio/ogg"}
    )
    serve_evolution_file(shop, OGG, mime_type="audio/ogg")

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 200, response.text
    assert response.content == OGG
    assert response.headers["content-type"] == "audio/ogg"
    (call,) = shop.provider.requested()
    assert (call.method, call.path) == (
        "POST",
        f"/chat/getBase64FromMediaMessage/{shop.evolution.instance}",
    )
    assert call.headers["apikey"] == EVO_KEY
    assert call.json() == {"message": {"key": {"id": "3EB0AUDIO01"}}, "convertToMp4": False}


def test_a_file_sent_inside_the_webhook_is_served_without_calling_the_provider(
    shop: Shop,
) -> None:
    message = evolution_media_message(shop, "3EB0INLINE1", inline=OGG)

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 200, response.text
    assert response.content == OGG
    assert shop.provider.requested() == []


def test_a_redelivered_inline_webhook_keeps_serving_the_same_file(shop: Shop) -> None:
    message = evolution_media_message(shop, "3EB0INLINE2", inline=OGG)
    evolution_media_message(shop, "3EB0INLINE2", inline=OGG)

    assert get_media(shop, message, shop.admin).content == OGG
    assert shop.provider.requested() == []


def test_a_document_keeps_its_file_name(shop: Shop) -> None:
    message = evolution_media_message(
        shop,
        "3EB0DOC1",
        content_key="documentMessage",
        fields={"mimetype": "application/pdf", "fileName": "contrato.pdf"},
        inline=b"%PDF-1.4 contrato",
    )

    response = get_media(shop, message, shop.admin)

    assert response.headers["content-disposition"] == 'inline; filename="contrato.pdf"'
    assert response.headers["content-type"] == "application/pdf"


def test_media_evolution_can_no_longer_download_is_410(shop: Shop) -> None:
    message = evolution_media_message(shop, "3EB0GONE1")
    shop.provider.route(
        "POST",
        f"/chat/getBase64FromMediaMessage/{shop.evolution.instance}",
        Reply.json({"status": 400, "response": {"message": ["Message not found"]}}, status=400),
    )

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 410
    assert response.json()["error"] == "media_expired"


def test_an_evolution_5xx_is_a_502_that_leaks_no_apikey(shop: Shop) -> None:
    message = evolution_media_message(shop, "3EB0FAIL1")
    shop.provider.route(
        "POST",
        f"/chat/getBase64FromMediaMessage/{shop.evolution.instance}",
        Reply.json({"error": "Internal Server Error"}, status=500),
    )

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 502
    assert response.json()["error"] == "provider_unavailable"
    assert EVO_KEY not in response.text


def test_an_answer_without_a_file_is_a_502(shop: Shop) -> None:
    message = evolution_media_message(shop, "3EB0EMPTY1")
    shop.provider.route(
        "POST",
        f"/chat/getBase64FromMediaMessage/{shop.evolution.instance}",
        Reply.json({"mimetype": "image/jpeg"}, status=201),
    )

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 502
    assert response.json()["error"] == "provider_error"
