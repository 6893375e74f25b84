"""`GET /api/chats/` and `POST /api/chats/{id}/read/`."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from multichat.chats.apis.inputs import current_user, page_params
from multichat.chats.pagination import keyset_page, next_page_url
from multichat.chats.selectors import chat_get_for_user, chat_list_for_user, unread_of
from multichat.chats.serialization import chat_to_dict
from multichat.chats.services.reads import chat_mark_read


class ChatListApi(APIView):
    """Visible chats, newest activity first, one keyset page at a time."""

    class FilterSerializer(serializers.Serializer[Any]):
        q = serializers.CharField(required=False, allow_blank=True, max_length=200)
        channel = serializers.CharField(required=False, allow_blank=True, max_length=64)

    def get(self, request: Request) -> Response:
        filters = self.FilterSerializer(data=request.query_params)
        filters.is_valid(raise_exception=True)
        cursor, size = page_params(request)
        chats = chat_list_for_user(
            user=current_user(request),
            search=filters.validated_data.get("q", "").strip(),
            channel_key=filters.validated_data.get("channel", ""),
        )
        page = keyset_page(chats, time_field="last_activity_at", cursor=cursor, size=size)
        results = [chat_to_dict(chat, unread_count=unread_of(chat)) for chat in page.rows]
        return Response({"results": results, "next": next_page_url(request, page)})


class ChatReadApi(APIView):
    """Mark the chat read for the caller; answers the chat with the caller's count."""

    def post(self, request: Request, chat_pk: int) -> Response:
        user = current_user(request)
        chat = chat_get_for_user(user=user, chat_pk=chat_pk)
        chat_mark_read(chat=chat, user=user)
        chat = chat_get_for_user(user=user, chat_pk=chat_pk)
        return Response(chat_to_dict(chat, unread_count=unread_of(chat)))
