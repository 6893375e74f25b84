"""Meta media through the real endpoint: the two-step fetch with the Bearer token, the
headers of the answer, the cache, and how provider failures are reported."""

from __future__ import annotations

import hashlib

import pytest

from tests.media.conftest import (
    META_TOKEN,
    Shop,
    get_media,
    meta_media_message,
    serve_meta_file,
)
from tests.media.fake_provider import Reply

pytestmark = pytest.mark.usefixtures("server_connections_released")

JPEG = b"\xff\xd8\xff\xe0" + bytes(range(256)) * 40


def test_meta_media_is_looked_up_then_downloaded_with_the_bearer_token(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.IMG1", "1479537139650973")
    path = serve_meta_file(shop.provider, "1479537139650973", JPEG)

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 200, response.text
    assert response.content == JPEG
    lookup, download = shop.provider.requested()
    assert (lookup.method, lookup.path) == ("GET", "/v21.0/1479537139650973")
    assert (download.method, download.path) == ("GET", path)
    for request in (lookup, download):
        assert request.headers["authorization"] == f"Bearer {META_TOKEN}"


def test_the_answer_has_type_length_disposition_and_caching_headers(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.IMG2", "2000")
    serve_meta_file(shop.provider, "2000", JPEG)

    response = get_media(shop, message, shop.meta_agent)

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/jpeg"
    assert response.headers["content-length"] == str(len(JPEG))
    assert response.headers["content-disposition"] == "inline"
    assert response.headers["cache-control"] == "private, max-age=86400"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["content-security-policy"] == "sandbox"
    assert response.headers["accept-ranges"] == "bytes"


def test_a_second_request_is_served_from_the_cache(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.IMG3", "3000")
    serve_meta_file(shop.provider, "3000", JPEG)
    assert get_media(shop, message, shop.admin).content == JPEG
    calls = len(shop.provider.requested())

    again = get_media(shop, message, shop.meta_agent)

    assert again.status_code == 200
    assert again.content == JPEG
    assert len(shop.provider.requested()) == calls == 2


def test_a_document_is_named_and_only_safe_types_are_inline(shop: Shop) -> None:
    pdf = meta_media_message(
        shop,
        "wamid.DOC1",
        "4000",
        kind="document",
        extra={"mime_type": "application/pdf", "filename": "Orçamento 2025.pdf"},
    )
    html = meta_media_message(
        shop,
        "wamid.DOC2",
        "4001",
        kind="document",
        extra={"mime_type": "text/html", "filename": "invoice.html"},
    )
    serve_meta_file(shop.provider, "4000", b"%PDF-1.7 ...", mime_type="application/pdf")
    serve_meta_file(shop.provider, "4001", b"<script>alert(1)</script>", mime_type="text/html")

    pdf_answer = get_media(shop, pdf, shop.admin)
    html_answer = get_media(shop, html, shop.admin)

    assert pdf_answer.headers["content-disposition"] == (
        "inline; filename*=utf-8''Or%C3%A7amento%202025.pdf"
    )
    assert "content-security-policy" not in pdf_answer.headers  # PDF viewers need no sandbox
    assert html_answer.headers["content-disposition"] == 'attachment; filename="invoice.html"'
    assert html_answer.headers["content-security-policy"] == "sandbox"


def test_a_range_request_gets_206_with_the_part(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.AUD1", "5000", kind="audio")
    serve_meta_file(shop.provider, "5000", JPEG, mime_type="audio/ogg")

    part = get_media(shop, message, shop.admin, Range="bytes=4-11")
    past_the_end = get_media(shop, message, shop.admin, Range=f"bytes={len(JPEG)}-")

    assert part.status_code == 206
    assert part.content == JPEG[4:12]
    assert part.headers["content-range"] == f"bytes 4-11/{len(JPEG)}"
    assert past_the_end.status_code == 416
    assert past_the_end.headers["content-range"] == f"bytes */{len(JPEG)}"


def test_a_provider_5xx_is_a_502_that_leaks_no_secret(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.IMG5", "6000")
    shop.provider.route("GET", "/v21.0/6000", Reply.json({"error": "boom"}, status=503))

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 502
    assert response.json()["error"] == "provider_unavailable"
    assert META_TOKEN not in response.text
    assert shop.provider.url not in response.text


def test_a_download_failing_after_the_lookup_is_a_502_and_nothing_is_cached(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.IMG6", "6100")
    path = serve_meta_file(shop.provider, "6100", JPEG)
    shop.provider.route("GET", path, Reply(status=500, body=b"oops"))
    assert get_media(shop, message, shop.admin).status_code == 502

    serve_meta_file(shop.provider, "6100", JPEG)
    retry = get_media(shop, message, shop.admin)

    assert retry.status_code == 200
    assert retry.content == JPEG


def test_a_slow_provider_times_out_as_502(shop: Shop, settings) -> None:
    settings.MEDIA_FETCH_TIMEOUT_SECONDS = 0.5
    message = meta_media_message(shop, "wamid.IMG7", "7000")
    serve_meta_file(shop.provider, "7000", JPEG, delay=3)

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 502
    assert response.json()["error"] == "provider_unavailable"


def test_media_meta_no_longer_has_is_410(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.IMG8", "8000")
    missing = {"error": {"message": "Unsupported get request.", "code": 100, "error_subcode": 33}}
    shop.provider.route("GET", "/v21.0/8000", Reply.json(missing, status=400))

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 410
    assert response.json()["error"] == "media_expired"


def test_a_provider_404_is_404(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.IMG9", "9000")  # no route: the fake says 404

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 404
    assert response.json()["error"] == "media_not_found"


def test_refused_credentials_are_a_502_for_the_operator(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.IMG10", "9100")
    expired = {"error": {"message": "Error validating access token", "code": 190}}
    shop.provider.route("GET", "/v21.0/9100", Reply.json(expired, status=401))

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 502
    assert response.json()["error"] == "provider_error"


def test_a_file_that_does_not_match_its_sha256_is_refused(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.IMG11", "9200")
    path = serve_meta_file(shop.provider, "9200", JPEG)
    shop.provider.route("GET", path, Reply(body=JPEG[:-1] + b"\x00"))

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 502
    assert hashlib.sha256(JPEG).hexdigest() not in response.text
