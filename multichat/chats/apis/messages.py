"""`GET` and `POST /api/chats/{id}/messages/`, and `POST /api/messages/{id}/retry/`.

`POST` takes JSON `{"type": "text", "content", "client_id"?, "reply_to"?}` or a multipart
form `type=image|document`, `file`, optional `content` (the caption), `client_id`,
`reply_to`. An `Idempotency-Key` header is the same key as `client_id`.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from rest_framework import serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from multichat.chats.apis.inputs import StrictCharField, current_user, page_params
from multichat.chats.models import MessageType
from multichat.chats.pagination import keyset_page, next_page_url
from multichat.chats.selectors import (
    chat_visible_get,
    message_get,
    message_list_for_chat,
    message_visible_get,
)
from multichat.chats.serialization import message_to_dict
from multichat.chats.services.outbound import message_create_outbound, message_retry_send
from multichat.chats.services.outbound_media import (
    OutboundAttachment,
    attachment_discard,
    attachment_store,
)
from multichat.core.exceptions import InvalidInputError, PayloadTooLargeError

MAX_TEXT_LENGTH = 4096  # WhatsApp's limit for a text message body
MAX_CAPTION_LENGTH = 1024  # and for a media caption
MULTIPART_OVERHEAD = 64 * 1024  # form fields and boundaries around the file


class MessageListCreateApi(APIView):
    """Pages go from the newest backwards; each page reads oldest to newest."""

    parser_classes = [JSONParser, MultiPartParser]

    class InputSerializer(serializers.Serializer[Any]):
        type = serializers.ChoiceField(
            choices=[MessageType.TEXT.value, MessageType.IMAGE.value, MessageType.DOCUMENT.value]
        )
        # Stripped; required (non-blank) for text, an optional caption for media.
        content = StrictCharField(
            required=False, allow_blank=True, default="", max_length=MAX_TEXT_LENGTH
        )
        client_id = StrictCharField(
            required=False, allow_null=True, allow_blank=True, max_length=100
        )  # blank = none
        reply_to = StrictCharField(required=False, allow_blank=True, default="", max_length=200)
        file = serializers.FileField(required=False, allow_empty_file=True)

        def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
            kind, content = attrs["type"], attrs.get("content", "")
            if kind == MessageType.TEXT:
                if not content:
                    raise serializers.ValidationError({"content": ["This field may not be blank."]})
                if "file" in attrs:
                    raise serializers.ValidationError({"file": ["A text message takes no file."]})
            else:
                if "file" not in attrs:
                    raise serializers.ValidationError({"file": ["This field is required."]})
                if len(content) > MAX_CAPTION_LENGTH:
                    raise serializers.ValidationError(
                        {"content": [f"A caption has at most {MAX_CAPTION_LENGTH} characters."]}
                    )
            return attrs

    def get(self, request: Request, chat_pk: int) -> Response:
        cursor, size = page_params(request)
        chat = chat_visible_get(user=current_user(request), chat_pk=chat_pk)
        page = keyset_page(
            message_list_for_chat(chat=chat), time_field="timestamp", cursor=cursor, size=size
        )
        results = [message_to_dict(message, chat=chat) for message in reversed(page.rows)]
        return Response({"results": results, "next": next_page_url(request, page)})

    def post(self, request: Request, chat_pk: int) -> Response:
        user = current_user(request)
        chat = chat_visible_get(user=user, chat_pk=chat_pk)
        declared = int(request.headers.get("Content-Length") or 0)
        if declared > settings.OUTBOUND_MEDIA_MAX_BYTES + MULTIPART_OVERHEAD:
            raise PayloadTooLargeError("the upload is larger than the limit")
        body = self.InputSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        client_id = _idempotency_key(request, data.get("client_id") or None)
        attachment: OutboundAttachment | None = None
        if data["type"] != MessageType.TEXT:
            attachment = attachment_store(kind=data["type"], upload=data["file"])
        try:
            message, created = message_create_outbound(
                chat=chat,
                user=user,
                content=data["content"],
                client_id=client_id,
                type=data["type"],
                reply_to=data["reply_to"],
                attachment=attachment,
            )
        except Exception:
            attachment_discard(attachment.path if attachment else "")
            raise
        if not created and attachment is not None:
            attachment_discard(attachment.path)  # a repeated request: the first one's file
        stored = message_get(chat=chat, message_pk=message.pk)
        return Response(
            message_to_dict(stored, chat=chat),
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )


def _idempotency_key(request: Request, client_id: str | None) -> str | None:
    """`Idempotency-Key` is another way to give `client_id`; both must then agree."""
    header = request.headers.get("Idempotency-Key", "").strip()
    if not header:
        return client_id
    if len(header) > 100:
        raise InvalidInputError("Idempotency-Key has at most 100 characters")
    if client_id and client_id != header:
        raise InvalidInputError("Idempotency-Key and client_id differ")
    return header


class MessageRetryApi(APIView):
    """`POST /api/messages/{id}/retry/`: send a `failed` inbox message again."""

    def post(self, request: Request, message_pk: int) -> Response:
        message = message_visible_get(user=current_user(request), message_pk=message_pk)
        message_retry_send(message=message)
        stored = message_get(chat=message.chat, message_pk=message.pk)
        return Response(message_to_dict(stored, chat=message.chat))
