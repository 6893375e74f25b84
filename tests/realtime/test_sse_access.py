"""Who receives what on a stream: a tenant's updates never reach another tenant, an agent
gets only its channels' chats (live and on replay), `?chat_id=` narrows to one chat, and
callers without a valid identity or membership are refused.

Absence is proven with a fence instead of a sleep: updates are delivered in log order, so
when the stream's first update is the one posted *after* the forbidden one, the
forbidden one was not delivered."""

from __future__ import annotations

import httpx
import pytest

from multichat.chats.models import Chat
from tests.factories import UserFactory, token_for
from tests.realtime.follower import STREAM_PATH, Follower, new_message_ids
from tests.realtime.test_sse_support import (
    JOAO,
    MARIA,
    auth,
    evo_text,
    log_head,
    post,
    server_connections_released,  # noqa: F401  # used by `pytestmark`
    shop_create,
    stream_open,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")


def test_a_tenant_admin_never_receives_another_tenants_updates(asgi_server) -> None:
    ours, theirs = shop_create(), shop_create()
    with (
        stream_open(asgi_server, ours.admin) as our_stream,
        stream_open(asgi_server, theirs.admin) as their_stream,
    ):
        us, them = Follower(our_stream), Follower(their_stream)
        us.first(), them.first()
        post(asgi_server, evo_text(theirs.channel, "THEIRS"))
        post(asgi_server, evo_text(ours.channel, "OURS"))
        us.until_message("OURS")
        them.until_message("THEIRS")
        them.quiet(0.2)
    assert new_message_ids(us.updates) == ["OURS"]
    assert new_message_ids(them.updates) == ["THEIRS"]
    assert {u["data"]["channel"] for u in us.updates if u["type"] == "chat_update"} == {
        ours.channel.key
    }


def test_an_agent_receives_only_its_channels_chats(asgi_server) -> None:
    shop = shop_create(channels=2)
    mine, other = shop.channels
    with stream_open(asgi_server, shop.agent) as stream:
        follower = Follower(stream)
        follower.first()
        post(asgi_server, evo_text(other, "OTHER-CHANNEL"))
        post(asgi_server, evo_text(mine, "MY-CHANNEL"))
        follower.until_message("MY-CHANNEL")
    assert new_message_ids(follower.updates) == ["MY-CHANNEL"]
    assert len(follower.updates) == 2


def test_a_replay_respects_tenant_and_channel_visibility(asgi_server) -> None:
    shop, stranger = shop_create(channels=2), shop_create()
    start = log_head()
    post(asgi_server, evo_text(stranger.channel, "STRANGER"))
    post(asgi_server, evo_text(shop.channels[1], "OTHER-CHANNEL"))
    post(asgi_server, evo_text(shop.channel, "MINE"))
    with stream_open(asgi_server, shop.agent, headers={"Last-Event-ID": str(start)}) as stream:
        agent = Follower(stream)
        agent.until_message("MINE")
        agent.quiet(0.2)
    with stream_open(asgi_server, shop.admin, headers={"Last-Event-ID": str(start)}) as stream:
        admin = Follower(stream)
        admin.until_message("MINE")
        admin.quiet(0.2)
    assert new_message_ids(agent.updates) == ["MINE"]
    assert new_message_ids(admin.updates) == ["OTHER-CHANNEL", "MINE"]


def test_chat_id_narrows_the_stream_to_that_chat(asgi_server) -> None:
    shop = shop_create()
    with stream_open(asgi_server, shop.agent, params={"chat_id": JOAO}) as stream:
        follower = Follower(stream)
        follower.first()
        post(asgi_server, evo_text(shop.channel, "MARIA-1", jid=MARIA))
        post(asgi_server, evo_text(shop.channel, "JOAO-1", jid=JOAO))
        post(asgi_server, evo_text(shop.channel, "MARIA-2", jid=MARIA))
        post(asgi_server, evo_text(shop.channel, "JOAO-2", jid=JOAO))
        follower.until_message("JOAO-2")
        follower.quiet(0.2)
    assert new_message_ids(follower.updates) == ["JOAO-1", "JOAO-2"]
    assert {u["chat_id"] for u in follower.updates} == {JOAO}


def _get_stream(url: str, headers: dict[str, str]) -> httpx.Response:
    return httpx.get(f"{url}{STREAM_PATH}", headers=headers, timeout=10)


def test_a_user_without_membership_is_refused_with_403(asgi_server) -> None:
    shop_create()
    outsider = UserFactory()
    response = _get_stream(asgi_server, {"Authorization": f"Bearer {token_for(outsider)}"})
    assert response.status_code == 403
    assert response.json()["error"] == "forbidden"


def test_a_caller_without_a_valid_identity_is_refused_with_401(asgi_server) -> None:
    shop = shop_create()
    token = token_for(shop.admin.user)
    answers = {}
    for authorization in (
        "",
        "Bearer not-a-real-token",
        f"Token {token}",  # the right token with the wrong keyword
        "Bearer",
        "Basic dXNlcjpwYXNz",
    ):
        response = _get_stream(
            asgi_server, {"Authorization": authorization} if authorization else {}
        )
        answers[authorization] = (
            response.status_code,
            response.json()["error"],
            response.headers.get("www-authenticate", "").split(" ")[0],
        )
    assert set(answers.values()) == {(401, "unauthorized", "Bearer")}, answers


def test_an_inactive_user_is_refused_with_401(asgi_server) -> None:
    shop = shop_create()
    token = token_for(shop.agent.user)
    shop.agent.user.is_active = False
    shop.agent.user.save(update_fields=["is_active"])
    response = _get_stream(asgi_server, {"Authorization": f"Bearer {token}"})
    assert response.status_code == 401


def test_a_replay_carries_each_users_own_unread_counts_and_only_its_own_read_markers(
    asgi_server,
) -> None:
    shop = shop_create()
    start = log_head()
    post(asgi_server, evo_text(shop.channel, "R-1"))
    post(asgi_server, evo_text(shop.channel, "R-2"))
    chat = Chat.objects.get(channel=shop.channel, chat_id=MARIA)
    response = httpx.post(f"{asgi_server}/api/chats/{chat.pk}/read/", headers=auth(shop.agent))
    assert response.status_code == 200, response.text
    post(asgi_server, evo_text(shop.channel, "R-3"))
    counts = {}
    for member in (shop.admin, shop.agent):
        with stream_open(asgi_server, member, headers={"Last-Event-ID": str(start)}) as stream:
            follower = Follower(stream)
            follower.until_message("R-3")
            follower.quiet(0.2)
        assert new_message_ids(follower.updates) == ["R-1", "R-2", "R-3"]
        chat_updates = [u["data"] for u in follower.updates if u["type"] == "chat_update"]
        counts[member.role] = [c["unread_count"] for c in chat_updates]
    assert counts == {"admin": [1, 2, 3], "agent": [1, 2, 0, 1]}
