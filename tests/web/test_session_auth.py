"""Session login, logout and CSRF for the browser app (`multichat.web.auth_api`)."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.web.conftest import Shop, csrf_token, log_in


def test_login_answers_like_me_and_opens_a_session(shop: Shop, browser: Client) -> None:
    response = log_in(browser)
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "bia"
    assert body["role"] == "agent"
    assert body["tenant"] == {"slug": "loja", "name": "Loja"}
    assert [c["key"] for c in body["channels"]] == ["loja-centro"]
    assert browser.cookies["sessionid"]["httponly"]
    assert browser.get("/api/me/").json()["username"] == "bia"


@pytest.mark.parametrize(
    ("username", "password"),
    [("bia", "wrong-pass"), ("ghost", "secret-pass"), ("outsider", "secret-pass")],
    ids=["wrong-password", "unknown-user", "user-without-membership"],
)
def test_bad_credentials_get_the_same_clear_401(
    shop: Shop, browser: Client, username: str, password: str
) -> None:
    response = log_in(browser, username, password)
    assert response.status_code == 401
    assert response.json() == {"error": "unauthorized", "detail": "invalid username or password"}
    assert "sessionid" not in browser.cookies
    assert browser.get("/api/me/").status_code in (401, 403)


def test_inactive_user_cannot_log_in(shop: Shop, browser: Client) -> None:
    shop.agent.user.is_active = False
    shop.agent.user.save()
    assert log_in(browser).status_code == 401


@pytest.mark.parametrize(
    "body",
    ['{"username": "bia"}', '{"username": 1, "password": "x"}', '["bia"]'],
    ids=["missing-password", "number-as-username", "not-an-object"],
)
def test_malformed_login_gets_400_json(shop: Shop, browser: Client, body: str) -> None:
    response = browser.post(
        "/api/auth/login/",
        body,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf_token(browser),
    )
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


def test_login_without_the_csrf_token_is_refused(shop: Shop, browser: Client) -> None:
    csrf_token(browser)
    response = browser.post(
        "/api/auth/login/",
        {"username": "bia", "password": "secret-pass"},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert "sessionid" not in browser.cookies


def test_session_calls_that_write_need_the_csrf_token(shop: Shop, browser: Client) -> None:
    log_in(browser)
    chat_read = "/api/chats/999999/read/"
    json = "application/json"
    assert browser.post(chat_read, "{}", content_type=json).status_code == 403
    token = browser.cookies["csrftoken"].value
    with_token = browser.post(chat_read, "{}", content_type=json, HTTP_X_CSRFTOKEN=token)
    assert with_token.status_code == 404  # past CSRF; the chat does not exist


def test_logout_ends_the_session(shop: Shop, browser: Client) -> None:
    log_in(browser)
    token = browser.cookies["csrftoken"].value
    response = browser.post("/api/auth/logout/", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 204
    assert browser.get("/api/me/").status_code in (401, 403)


def test_logout_without_a_session_is_harmless(browser: Client, db: None) -> None:
    response = browser.post("/api/auth/logout/", HTTP_X_CSRFTOKEN=csrf_token(browser))
    assert response.status_code == 204
