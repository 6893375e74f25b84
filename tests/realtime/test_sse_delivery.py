"""Push over a real stream: each kind of webhook reaches an open stream as the documented
update, at once (well within a second), and a `chat_update` carries the receiver's own
unread count — a read marker is personal and reaches only its owner."""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from multichat.chats.models import Chat
from tests.realtime.follower import Follower, new_message_ids
from tests.realtime.test_sse_support import (
    MARIA,
    auth,
    evo_connection,
    evo_edit,
    evo_reaction,
    evo_status,
    evo_text,
    post,
    server_connections_released,  # noqa: F401  # used by `pytestmark`
    shop_create,
    stream_open,
)

pytestmark = pytest.mark.usefixtures("server_connections_released")


def test_a_webhook_reaches_an_open_stream_as_new_message_and_chat_update_within_a_second(
    asgi_server,
) -> None:
    shop = shop_create()
    with stream_open(asgi_server, shop.agent) as stream:
        follower = Follower(stream)
        follower.first()
        started = time.monotonic()
        post(asgi_server, evo_text(shop.channel, "PUSH-1", text="chegou?"))
        updates = follower.until_message("PUSH-1", within=1.0)
        elapsed = time.monotonic() - started
    assert elapsed < 1.0
    assert [u["type"] for u in updates] == ["new_message", "chat_update"]
    message, chat = updates[0]["data"], updates[1]["data"]
    assert (message["content"], message["from_me"], message["chat_id"]) == ("chegou?", False, MARIA)
    assert chat["last_message"]["provider_message_id"] == "PUSH-1"
    assert chat["unread_count"] == 1


def _chat_updates(follower: Follower) -> list[dict[str, object]]:
    return [u["data"] for u in follower.updates if u["type"] == "chat_update"]


def test_a_read_marker_reaches_only_its_owner_and_each_receiver_sees_its_own_unread_count(
    asgi_server,
) -> None:
    shop = shop_create()
    with (
        stream_open(asgi_server, shop.admin) as admin_stream,
        stream_open(asgi_server, shop.agent) as agent_stream,
    ):
        admin, agent = Follower(admin_stream), Follower(agent_stream)
        admin.first(), agent.first()
        post(asgi_server, evo_text(shop.channel, "READ-1"))
        post(asgi_server, evo_text(shop.channel, "READ-2"))
        for follower in (admin, agent):
            follower.until_message("READ-2")
            assert [c["unread_count"] for c in _chat_updates(follower)] == [1, 2]

        chat = Chat.objects.get(channel=shop.channel, chat_id=MARIA)
        response = httpx.post(f"{asgi_server}/api/chats/{chat.pk}/read/", headers=auth(shop.agent))
        assert response.status_code == 200, response.text
        agent.until(lambda updates: len(updates) == 5)
        assert agent.updates[-1]["type"] == "chat_update"
        assert agent.updates[-1]["data"]["unread_count"] == 0

        # The admin got no update for the agent's marker: its next update is the next
        # message, which it still counts as its third unread; the agent as its first.
        post(asgi_server, evo_text(shop.channel, "READ-3"))
        admin.until_message("READ-3")
        agent.until_message("READ-3")
        assert new_message_ids(admin.updates) == ["READ-1", "READ-2", "READ-3"]
        assert [c["unread_count"] for c in _chat_updates(admin)] == [1, 2, 3]
        assert [c["unread_count"] for c in _chat_updates(agent)] == [1, 2, 0, 1]


def test_a_delivery_receipt_arrives_as_message_status(asgi_server) -> None:
    shop = shop_create()
    with stream_open(asgi_server, shop.agent) as stream:
        follower = Follower(stream)
        follower.first()
        post(asgi_server, evo_text(shop.channel, "OUT-1", from_me=True, text="oi"))
        follower.until_message("OUT-1")
        assert follower.updates[0]["data"]["status"] == "sent"
        post(asgi_server, evo_status(shop.channel, "OUT-1", "DELIVERY_ACK"))
        updates = follower.until(lambda u: u[-1]["type"] == "message_status")
    status = updates[-1]
    assert status["chat_id"] == MARIA
    message_pk = updates[0]["data"]["id"]
    assert status["data"] == {
        "id": message_pk,
        "provider_message_id": "OUT-1",
        "status": "delivered",
        "error": status["data"]["error"],
    }
    assert not status["data"]["error"]


def _until_message_updates(follower: Follower, count: int) -> list[dict[str, Any]]:
    def enough(updates: list[dict[str, Any]]) -> bool:
        return sum(1 for u in updates if u["type"] == "message_update") >= count

    return [u for u in follower.until(enough) if u["type"] == "message_update"]


def test_a_reaction_and_an_edit_arrive_as_message_update(asgi_server) -> None:
    shop = shop_create()
    with stream_open(asgi_server, shop.agent) as stream:
        follower = Follower(stream)
        follower.first()
        post(asgi_server, evo_text(shop.channel, "OURS-1", from_me=True, text="temos azul"))
        post(asgi_server, evo_text(shop.channel, "THEIRS-1", text="qaunto custa?"))
        follower.until_message("THEIRS-1")
        post(asgi_server, evo_reaction(shop.channel, "REACT-1", "OURS-1", "❤️"))
        reacted = _until_message_updates(follower, 1)[-1]
        post(asgi_server, evo_edit(shop.channel, "EDIT-1", "THEIRS-1", "quanto custa?"))
        edited = _until_message_updates(follower, 2)[-1]
    assert reacted["data"]["provider_message_id"] == "OURS-1"
    assert reacted["data"]["reactions"] == [
        {"emoji": "❤️", "from_me": False, "sender": reacted["data"]["reactions"][0]["sender"]}
    ]
    assert edited["data"]["provider_message_id"] == "THEIRS-1"
    assert edited["data"]["content"] == "quanto custa?"
    assert edited["data"]["edited_at"] is not None


def test_an_evolution_connection_update_arrives_as_channel_update(asgi_server) -> None:
    shop = shop_create()
    with stream_open(asgi_server, shop.agent) as stream:
        follower = Follower(stream)
        follower.first()
        post(asgi_server, evo_connection(shop.channel, "close", reason=401))
        update = follower.until_count(1, within=5.0)[0]
    assert update["type"] == "channel_update"
    assert update["chat_id"] == ""
    assert update["data"] == {
        "channel": shop.channel.key,
        "connection_state": "disconnected",
        "reason": "401",
    }
