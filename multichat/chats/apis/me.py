"""`GET /api/me/`: who the caller is and which channels it sees — for the web app.

Channel secrets (app secret, tokens, API keys) are never part of this answer: the
fields are listed one by one rather than dumped from the model.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from multichat.chats.apis.inputs import current_user
from multichat.tenants.access import agent_for_user, visible_channels
from multichat.tenants.models import Channel


class MeApi(APIView):
    def get(self, request: Request) -> Response:
        user = current_user(request)
        agent = agent_for_user(user)
        channels = visible_channels(agent).order_by("key")
        return Response(
            {
                "username": user.get_username(),
                "role": agent.role if agent else None,
                "tenant": {"slug": agent.tenant.slug, "name": agent.tenant.name} if agent else None,
                "channels": [_channel_json(c) for c in channels],
                # The page checks an attachment against these before uploading it.
                "limits": {"attachment_max_bytes": settings.OUTBOUND_MEDIA_MAX_BYTES},
            }
        )


def _channel_json(channel: Channel) -> dict[str, Any]:
    return {
        "key": channel.key,
        "provider": channel.provider,
        "display_phone_number": channel.display_phone_number,
        "connection_state": channel.connection_state,
    }
