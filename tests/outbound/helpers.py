"""Small helpers shared by the outbound tests."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from multichat.chats.models import Chat, Message, OutboundSend
from tests.chats.world import chat_with_messages
from tests.outbound.conftest import wait_until


def open_chat(channel: Any) -> Chat:
    """A chat whose customer just wrote (inside Meta's 24 h window)."""
    return chat_with_messages(channel, at=timezone.now())


def post_text(client: Any, chat: Chat, text: str, **extra: Any) -> dict[str, Any]:
    response = client.post(
        f"/api/chats/{chat.id}/messages/", {"type": "text", "content": text, **extra}, format="json"
    )
    assert response.status_code in (200, 201), response.content
    return dict(response.json())


def wait_status(message_id: int, *statuses: str, timeout: float = 10.0) -> Message:
    def check() -> Message | None:
        message = Message.objects.get(pk=message_id)
        return message if message.status in statuses else None

    return wait_until(check, f"message {message_id} to be {'/'.join(statuses)}", timeout)


def wait_finished(message_id: int, timeout: float = 10.0) -> OutboundSend:
    return wait_until(
        lambda: OutboundSend.objects.filter(pk=message_id, finished=True).first(),
        f"the send of message {message_id} to finish",
        timeout,
    )
