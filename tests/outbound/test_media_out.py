"""Images and documents from the composer: checked, stored until sent, sent once."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import httpx
from django.core.files.uploadedfile import SimpleUploadedFile

from multichat.chats.models import Message, OutboundSend
from tests.chats.world import World
from tests.factories import token_for
from tests.outbound.fake_providers import FakeProviders
from tests.outbound.helpers import open_chat, wait_finished, wait_status

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
PDF = b"%PDF-1.4\n% fake invoice\n"


def _post(client: Any, chat: Any, kind: str, upload: Any, **fields: Any) -> Any:
    return client.post(
        f"/api/chats/{chat.id}/messages/",
        {"type": kind, "file": upload, **fields},
        format="multipart",
    )


def test_meta_image_is_uploaded_then_sent_with_its_caption(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any, settings: Any
) -> None:
    chat = open_chat(shop.main)
    upload = SimpleUploadedFile("foto.png", PNG, content_type="image/png")
    response = _post(api_client_for(shop.bruno.user), chat, "image", upload, content="Olha só")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["type"], body["content"], body["media"]["mime_type"]) == (
        "image",
        "Olha só",
        "image/png",
    )
    assert body["media"]["size"] == len(PNG)
    stored = Path(settings.OUTBOUND_MEDIA_DIR) / OutboundSend.objects.get(pk=body["id"]).media_path
    assert stored.read_bytes() == PNG
    sent = wait_status(body["id"], "sent")
    wait_finished(body["id"])
    [upload_request] = [r for r in fake.received if r.path.endswith("/media")]
    assert upload_request.path == f"/v21.0/{shop.main.phone_number_id}/media"
    assert b'name="messaging_product"' in upload_request.raw and PNG in upload_request.raw
    [send] = fake.sends()
    assert send.json["type"] == "image"
    media_id = send.json["image"]["id"]
    assert send.json["image"] == {"id": media_id, "caption": "Olha só"}
    assert sent.media is not None and sent.media["id"] == media_id
    assert not stored.exists()  # kept only until sent


def test_meta_document_carries_its_filename(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    chat = open_chat(shop.main)
    upload = SimpleUploadedFile("fatura.pdf", PDF, content_type="application/pdf")
    body = _post(api_client_for(shop.bruno.user), chat, "document", upload).json()
    wait_status(body["id"], "sent")
    [send] = fake.sends()
    assert send.json["document"] == {"id": send.json["document"]["id"], "filename": "fatura.pdf"}


def test_evolution_media_is_sent_inline_as_base64(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any
) -> None:
    chat = open_chat(shop.sales)
    upload = SimpleUploadedFile("fatura.pdf", PDF, content_type="application/pdf")
    body = _post(
        api_client_for(shop.ana.user), chat, "document", upload, content="Sua fatura"
    ).json()
    sent = wait_status(body["id"], "sent")
    [send] = fake.sends()
    assert send.path == f"/message/sendMedia/{shop.sales.instance}"
    assert send.json == {
        "number": chat.chat_id,
        "mediatype": "document",
        "mimetype": "application/pdf",
        "caption": "Sua fatura",
        "media": base64.b64encode(PDF).decode(),
        "fileName": "fatura.pdf",
    }
    assert sent.provider_message_id == send.provider_id


def test_uploads_are_checked_before_anything_is_stored(
    shop: World, fake: FakeProviders, api_client_for: Any, settings: Any
) -> None:
    settings.OUTBOUND_MEDIA_MAX_BYTES = 1000
    chat = open_chat(shop.main)
    client = api_client_for(shop.bruno.user)
    big = SimpleUploadedFile("big.png", PNG + b"\x00" * 2000, content_type="image/png")
    assert _post(client, chat, "image", big).status_code == 413
    fake_png = SimpleUploadedFile("x.png", b"not really a png", content_type="image/png")
    response = _post(client, chat, "image", fake_png)
    assert (response.status_code, response.json()["error"]) == (415, "unsupported_media_type")
    exe = SimpleUploadedFile("x.exe", b"MZ\x90\x00", content_type="application/x-msdownload")
    assert _post(client, chat, "document", exe).status_code == 415
    response = client.post(
        f"/api/chats/{chat.id}/messages/",
        {"type": "image", "content": "sem arquivo"},
        format="multipart",
    )
    assert (response.status_code, response.json()["error"]) == (400, "invalid_input")
    assert not Message.objects.filter(chat=chat, from_me=True).exists()
    media_dir = Path(settings.OUTBOUND_MEDIA_DIR)
    assert not media_dir.exists() or not any(media_dir.iterdir())


def test_a_sent_attachment_opens_from_the_media_cache_without_asking_the_provider(
    shop: World, fake: FakeProviders, sender: Any, api_client_for: Any, asgi_server: str
) -> None:
    """The upload is deleted once accepted; its bytes stay readable for the inbox."""
    chat = open_chat(shop.sales)
    client = api_client_for(shop.ana.user)
    upload = SimpleUploadedFile("fatura.pdf", PDF, content_type="application/pdf")
    body = _post(client, chat, "document", upload, content="Sua fatura").json()
    wait_status(body["id"], "sent")
    wait_finished(body["id"])
    requests_after_send = len(fake.received)
    response = httpx.get(
        f"{asgi_server}/api/messages/{body['id']}/media/",
        headers={"Authorization": f"Bearer {token_for(shop.ana.user)}"},
    )
    assert response.status_code == 200, response.text
    assert response.content == PDF
    assert response.headers["content-type"] == "application/pdf"
    assert len(fake.received) == requests_after_send  # served from the cache
