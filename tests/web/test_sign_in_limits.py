"""Failed sign-ins are limited per username and per client address (`core.login_guard`).

Both sign-in doors — `POST /api/auth/token/` and the browser's `POST /api/auth/login/` —
share the counters. Each test gets its own cache key prefix (tests/conftest.py), so counts
never leak between tests, nor between test runs sharing one Redis.
"""

from __future__ import annotations

import logging
import os
import time
import uuid
from typing import Any

import httpx
import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from tests.web.conftest import PASSWORD, Shop, log_in

TOKEN_URL = "/api/auth/token/"
REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


def ask_token(username: str, password: str, address: str = "203.0.113.7") -> Any:
    return Client(REMOTE_ADDR=address).post(
        TOKEN_URL, {"username": username, "password": password}, content_type="application/json"
    )


def assert_locked(response: Any, window_seconds: int) -> None:
    assert response.status_code == 429
    body = response.json()
    assert body["error"] == "too_many_attempts"
    assert body["detail"].startswith("too many failed sign-in attempts")
    assert 1 <= int(response["Retry-After"]) <= window_seconds


@pytest.fixture
def three_failures_per_username(settings: Any) -> None:
    settings.LOGIN_FAILURES_PER_USERNAME = "3/15m"
    settings.LOGIN_FAILURES_PER_CLIENT = "100/15m"


@pytest.mark.usefixtures("three_failures_per_username")
def test_after_the_allowed_failures_even_the_right_password_gets_429(shop: Shop) -> None:
    for _ in range(3):
        assert ask_token("bia", "wrong-pass").status_code == 401

    assert_locked(ask_token("bia", PASSWORD), window_seconds=15 * 60)
    assert not Token.objects.exists()


@pytest.mark.usefixtures("three_failures_per_username")
def test_the_browser_login_is_locked_by_the_same_counter(shop: Shop) -> None:
    assert ask_token("bia", "wrong-pass").status_code == 401
    assert ask_token("BIA ", "wrong-pass").status_code == 401  # one count, whatever the case
    browser = Client(enforce_csrf_checks=True, REMOTE_ADDR="198.51.100.20")
    assert log_in(browser, "bia", "wrong-pass").status_code == 401

    assert_locked(log_in(browser), window_seconds=15 * 60)
    assert "sessionid" not in browser.cookies
    assert ask_token("bia", PASSWORD).status_code == 429


@pytest.mark.usefixtures("three_failures_per_username")
def test_unknown_usernames_are_counted_like_known_ones(shop: Shop) -> None:
    for _ in range(3):
        assert ask_token("ghost", "whatever").status_code == 401
    assert ask_token("ghost", "whatever").status_code == 429
    assert ask_token("bia", PASSWORD).status_code == 200  # another username is untouched


def test_one_address_trying_many_usernames_is_locked_other_addresses_are_not(
    shop: Shop, settings: Any
) -> None:
    settings.LOGIN_FAILURES_PER_USERNAME = "100/15m"
    settings.LOGIN_FAILURES_PER_CLIENT = "4/15m"
    for name in ("ana", "beto", "caio", "duda"):
        assert ask_token(name, "guess", address="203.0.113.9").status_code == 401

    assert_locked(ask_token("bia", PASSWORD, address="203.0.113.9"), window_seconds=15 * 60)
    assert ask_token("bia", PASSWORD, address="203.0.113.10").status_code == 200


def test_an_ipv6_client_counts_by_its_slash_64(shop: Shop, settings: Any) -> None:
    settings.LOGIN_FAILURES_PER_USERNAME = "100/15m"
    settings.LOGIN_FAILURES_PER_CLIENT = "2/15m"
    assert ask_token("ana", "guess", address="2001:db8:1:2::10").status_code == 401
    assert ask_token("beto", "guess", address="2001:db8:1:2:ffff::1").status_code == 401

    assert ask_token("bia", PASSWORD, address="2001:db8:1:2::99").status_code == 429
    assert ask_token("bia", PASSWORD, address="2001:db8:1:3::99").status_code == 200


@pytest.mark.usefixtures("three_failures_per_username")
def test_successful_sign_ins_are_never_counted(shop: Shop) -> None:
    for _ in range(10):
        assert ask_token("bia", PASSWORD).status_code == 200
        assert log_in(Client(enforce_csrf_checks=True)).status_code == 200


def test_the_lock_ends_with_its_window(shop: Shop, settings: Any) -> None:
    settings.LOGIN_FAILURES_PER_USERNAME = "2/2s"
    for _ in range(10):  # a 2 s window may turn between two failures: fail until locked
        locked = ask_token("bia", "wrong-pass")
        if locked.status_code == 429:
            break
    assert_locked(locked, window_seconds=2)

    time.sleep(int(locked["Retry-After"]) + 0.2)
    assert ask_token("bia", PASSWORD).status_code == 200


@pytest.fixture
def redis_counters(settings: Any) -> None:
    """The counters in a real Redis, as with REDIS_URL: all processes count together."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": f"multichat-test-{uuid.uuid4().hex}",
        }
    }


@pytest.mark.usefixtures("three_failures_per_username", "redis_counters")
def test_over_real_http_with_the_counters_in_redis(shop: Shop, asgi_server: str) -> None:
    def attempt(password: str) -> httpx.Response:
        return httpx.post(
            f"{asgi_server}{TOKEN_URL}", json={"username": "bia", "password": password}
        )

    assert [attempt("wrong-pass").status_code for _ in range(3)] == [401, 401, 401]
    locked = attempt(PASSWORD)
    assert locked.status_code == 429
    assert locked.headers["content-type"] == "application/json"
    assert locked.json()["error"] == "too_many_attempts"
    assert 1 <= int(locked.headers["retry-after"]) <= 15 * 60


def test_an_unreachable_cache_lets_sign_ins_through_and_says_so(
    shop: Shop, settings: Any, caplog: pytest.LogCaptureFixture
) -> None:
    settings.LOGIN_FAILURES_PER_USERNAME = "1/15m"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"socket_connect_timeout": 0.5},
        }
    }
    with caplog.at_level(logging.WARNING, logger="multichat.core.login_guard"):
        assert ask_token("bia", "wrong-pass").status_code == 401
        assert ask_token("bia", "wrong-pass").status_code == 401
        assert ask_token("bia", PASSWORD).status_code == 200
    assert "sign-in counters unavailable, not enforced" in caplog.text
