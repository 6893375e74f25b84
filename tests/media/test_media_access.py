"""Who may open a message's file: the same rules as for messages (admin: its tenant;
agent: its channels), and every refusal is the same JSON 404 as a missing id."""

from __future__ import annotations

import httpx
import pytest

from multichat.chats.models import Message
from tests.media.conftest import (
    Shop,
    auth,
    evolution_media_message,
    get_media,
    meta_media_message,
    serve_meta_file,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_another_tenant_gets_404_and_the_provider_is_not_called(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.A1", "100")
    serve_meta_file(shop.provider, "100", PNG, mime_type="image/png")

    response = get_media(shop, message, shop.foreign_admin)

    assert response.status_code == 404
    assert response.json() == {"error": "not_found", "detail": "message not found"}
    assert shop.provider.requested() == []


def test_an_agent_of_another_channel_gets_404(shop: Shop) -> None:
    message = evolution_media_message(shop, "3EB0A2", inline=PNG)

    assert get_media(shop, message, shop.meta_agent).status_code == 404
    assert get_media(shop, message, shop.admin).status_code == 200


def test_a_message_without_media_is_404(shop: Shop) -> None:
    message = meta_media_message(shop, "wamid.A3", "300")
    Message.objects.filter(pk=message.pk).update(type="text", media=None)

    response = get_media(shop, message, shop.admin)

    assert response.status_code == 404
    assert response.json()["detail"] == "this message has no media"


def test_a_deleted_message_has_no_media(shop: Shop) -> None:
    message = evolution_media_message(shop, "3EB0A4", inline=PNG)
    Message.objects.filter(pk=message.pk).update(deleted=True)

    assert get_media(shop, message, shop.admin).status_code == 404


def test_an_unknown_message_is_404(shop: Shop) -> None:
    response = httpx.get(
        f"{shop.url}/api/messages/999999/media/",
        headers=auth(shop.admin),
        timeout=10,
    )

    assert response.status_code == 404
    assert response.json()["error"] == "not_found"


def test_no_credentials_is_401_json(shop: Shop) -> None:
    message = evolution_media_message(shop, "3EB0A5", inline=PNG)

    anonymous = httpx.get(f"{shop.url}/api/messages/{message.pk}/media/", timeout=10)
    wrong = httpx.get(
        f"{shop.url}/api/messages/{message.pk}/media/",
        headers={"Authorization": "Bearer not-a-token"},
        timeout=10,
    )

    assert anonymous.status_code == 401
    assert anonymous.json()["error"] == "unauthorized"
    assert wrong.status_code == 401
    assert wrong.headers["www-authenticate"] == "Bearer"


def test_the_browser_session_cookie_is_enough(shop: Shop) -> None:
    from django.conf import settings
    from django.test import Client

    message = evolution_media_message(shop, "3EB0A6", inline=PNG)
    browser = Client()
    browser.force_login(shop.admin.user)
    session = browser.cookies[settings.SESSION_COOKIE_NAME].value

    response = httpx.get(
        f"{shop.url}/api/messages/{message.pk}/media/",
        cookies={settings.SESSION_COOKIE_NAME: session},
        timeout=10,
    )

    assert response.status_code == 200
    assert response.content == PNG
