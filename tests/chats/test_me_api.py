"""`GET /api/me/`: the caller, its role and the channels it sees — never their secrets."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rest_framework.test import APIClient

from tests.chats.world import World

ClientFor = Callable[[Any], APIClient]


def test_me_describes_an_agent_and_only_its_channels(
    world: World, api_client_for: ClientFor
) -> None:
    body = api_client_for(world.bruno.user).get("/api/me/").json()
    assert body == {
        "username": "bruno",
        "role": "agent",
        "tenant": {"slug": "acme", "name": "Acme"},
        "channels": [
            {
                "key": "acme-main",
                "provider": "meta",
                "display_phone_number": world.main.display_phone_number,
                "connection_state": "unknown",
            }
        ],
        "limits": {"attachment_max_bytes": 16 * 1024 * 1024},
    }


def test_me_lists_every_tenant_channel_for_an_admin(
    world: World, api_client_for: ClientFor
) -> None:
    body = api_client_for(world.ana.user).get("/api/me/").json()
    assert body["role"] == "admin"
    assert [c["key"] for c in body["channels"]] == ["acme-main", "acme-sales"]


def test_me_for_a_user_without_membership_has_no_tenant(
    world: World, api_client_for: ClientFor
) -> None:
    body = api_client_for(world.nobody).get("/api/me/").json()
    assert body == {
        "username": "nobody",
        "role": None,
        "tenant": None,
        "channels": [],
        "limits": {"attachment_max_bytes": 16 * 1024 * 1024},
    }


def test_me_tells_the_page_the_upload_limit_the_operator_chose(
    world: World, api_client_for: ClientFor, settings: Any
) -> None:
    settings.OUTBOUND_MEDIA_MAX_BYTES = 5 * 1024 * 1024
    body = api_client_for(world.bruno.user).get("/api/me/").json()
    assert body["limits"] == {"attachment_max_bytes": 5 * 1024 * 1024}


def test_me_never_contains_channel_secrets(world: World, api_client_for: ClientFor) -> None:
    text = api_client_for(world.ana.user).get("/api/me/").content.decode()
    for secret in (
        world.main.app_secret,
        world.main.verify_token,
        world.main.access_token,
        world.sales.api_key,
    ):
        assert secret not in text
