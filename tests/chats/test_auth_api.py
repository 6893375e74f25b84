"""Token endpoint and the 401s of every other API call."""

from __future__ import annotations

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.chats.world import World, chat_with_messages

TOKEN_URL = "/api/auth/token/"


def test_agent_trades_username_and_password_for_a_token(world: World) -> None:
    response = APIClient().post(
        TOKEN_URL, {"username": "bruno", "password": "secret-pass"}, format="json"
    )
    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=world.bruno.user).key}


def test_asking_twice_returns_the_same_token(world: World) -> None:
    client = APIClient()
    body = {"username": "ana", "password": "secret-pass"}
    first = client.post(TOKEN_URL, body, format="json").json()["token"]
    second = client.post(TOKEN_URL, body, format="json").json()["token"]
    assert first == second
    assert Token.objects.filter(user=world.ana.user).count() == 1


@pytest.mark.parametrize(
    ("username", "password"),
    [("bruno", "wrong-pass"), ("ghost", "secret-pass"), ("nobody", "secret-pass")],
    ids=["wrong-password", "unknown-user", "user-without-membership"],
)
def test_bad_credentials_get_401_json_and_no_token(
    world: World, username: str, password: str
) -> None:
    response = APIClient().post(
        TOKEN_URL, {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 401
    assert response.json()["error"] == "unauthorized"
    assert not Token.objects.exists()


def test_inactive_user_gets_no_token(world: World) -> None:
    world.bruno.user.is_active = False
    world.bruno.user.save()
    response = APIClient().post(
        TOKEN_URL, {"username": "bruno", "password": "secret-pass"}, format="json"
    )
    assert response.status_code == 401


@pytest.mark.parametrize(
    "body",
    [{}, {"username": "bruno"}, {"username": 12, "password": "secret-pass"}, ["bruno"]],
    ids=["empty", "missing-password", "number-as-username", "not-an-object"],
)
def test_malformed_token_request_gets_400_json(world: World, body: object) -> None:
    response = APIClient().post(TOKEN_URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["error"] == "invalid_input"


def test_token_request_with_broken_json_gets_400_json(world: World) -> None:
    response = APIClient().post(TOKEN_URL, "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"] == "parse_error"


@pytest.mark.parametrize(
    "url", ["/api/chats/", "/api/chats/1/messages/", "/api/me/"], ids=["chats", "messages", "me"]
)
def test_api_without_token_answers_401_json_with_bearer_challenge(world: World, url: str) -> None:
    response = APIClient().get(url)
    assert response.status_code == 401
    assert response.json()["error"] == "not_authenticated"
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_api_with_unknown_token_answers_401(world: World) -> None:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer 0123456789abcdef0123456789abcdef01234567")
    response = client.get("/api/chats/")
    assert response.status_code == 401
    assert response.json()["error"] == "authentication_failed"


def test_posting_without_token_answers_401_and_stores_nothing(world: World) -> None:
    chat = chat_with_messages(world.main)
    response = APIClient().post(
        f"/api/chats/{chat.id}/messages/", {"type": "text", "content": "oi"}, format="json"
    )
    assert response.status_code == 401
    assert chat.messages.count() == 1


def test_token_from_the_endpoint_opens_the_api(world: World) -> None:
    client = APIClient()
    token = client.post(
        TOKEN_URL, {"username": "bruno", "password": "secret-pass"}, format="json"
    ).json()["token"]
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert client.get("/api/chats/").status_code == 200


def test_browser_session_works_instead_of_a_token(world: World) -> None:
    client = APIClient()
    client.force_login(world.bruno.user)
    assert client.get("/api/chats/").status_code == 200
