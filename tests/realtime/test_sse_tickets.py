"""Browser authentication without the long-lived token in a URL: a short-lived signed
ticket from `POST /api/realtime/ticket/` (`?ticket=`), or the session cookie. Expired,
tampered or foreign tickets and unknown sessions are refused."""

from __future__ import annotations

import time

import httpx
import pytest
from django.core import signing
from django.test import Client

from multichat.realtime import tickets
from tests.factories import UserFactory
from tests.realtime.follower import STREAM_PATH, Follower
from tests.realtime.test_sse_support import (
    auth,
    evo_text,
    post,
    server_connections_released,  # noqa: F401  # used by `pytestmark`
    shop_create,
    stream_open,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")


def _ticket(url: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.post(f"{url}/api/realtime/ticket/", headers=headers, timeout=10)


def _status_with_ticket(url: str, ticket: str) -> int | None:
    with stream_open(url, params={"ticket": ticket}) as stream:
        return stream.status_code


class _IssuedLongAgo(signing.TimestampSigner):
    """Signs with a timestamp older than a ticket's lifetime: an expired ticket."""

    def timestamp(self) -> str:
        return signing.b62_encode(int(time.time()) - tickets.TICKET_SECONDS - 5)


def test_a_ticket_from_an_authenticated_post_opens_a_stream(asgi_server) -> None:
    shop = shop_create()
    response = _ticket(asgi_server, auth(shop.agent))
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["expires_in"] == 60
    with stream_open(asgi_server, params={"ticket": body["ticket"]}) as stream:
        follower = Follower(stream)
        follower.first()
        post(asgi_server, evo_text(shop.channel, "BY-TICKET"))
        follower.until_message("BY-TICKET")


def test_a_ticket_is_only_issued_to_an_authenticated_caller(asgi_server) -> None:
    assert _ticket(asgi_server, {}).status_code == 401
    assert _ticket(asgi_server, {"Authorization": "Bearer nope"}).status_code == 401


def test_an_expired_or_tampered_ticket_is_refused_with_401(asgi_server) -> None:
    shop = shop_create()
    good = _ticket(asgi_server, auth(shop.agent)).json()["ticket"]
    user_id = str(shop.agent.user.pk)
    expired = _IssuedLongAgo(salt=tickets.SALT).sign(user_id)
    other_user = str(shop.admin.user.pk)
    tampered = other_user + good[len(user_id) :]  # someone else's id, our signature
    wrong_salt = signing.TimestampSigner(salt="another.purpose").sign(user_id)
    for ticket in (expired, tampered, wrong_salt, good[:-1], "garbage"):
        assert _status_with_ticket(asgi_server, ticket) == 401, ticket
    assert _status_with_ticket(asgi_server, good) == 200


def test_a_valid_ticket_of_a_user_without_membership_is_refused_with_403(asgi_server) -> None:
    outsider = UserFactory()
    assert _status_with_ticket(asgi_server, tickets.ticket_issue(outsider.pk)) == 403


def test_the_session_cookie_of_a_logged_in_user_opens_a_stream(asgi_server, settings) -> None:
    shop = shop_create()
    browser = Client()
    browser.force_login(shop.agent.user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"
    with stream_open(asgi_server, headers={"Cookie": cookie}) as stream:
        follower = Follower(stream)
        follower.first()
        post(asgi_server, evo_text(shop.channel, "BY-SESSION"))
        follower.until_message("BY-SESSION")
    browser.logout()
    refused = httpx.get(f"{asgi_server}{STREAM_PATH}", headers={"Cookie": cookie}, timeout=10)
    assert refused.status_code == 401
    unknown = f"{settings.SESSION_COOKIE_NAME}=not-a-session"
    refused = httpx.get(f"{asgi_server}{STREAM_PATH}", headers={"Cookie": unknown}, timeout=10)
    assert refused.status_code == 401
