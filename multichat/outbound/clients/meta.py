"""WhatsApp Cloud API (Meta): `POST /{phone_number_id}/messages`, media via `/media`.

Every send carries `biz_opaque_callback_data: "mc:<our message id>"`, which Meta returns
in the status webhooks: a status can name our message even when the send answer (with
the wamid) was lost in a crash.
"""

from __future__ import annotations

from typing import Any

import httpx

from multichat.chats.services.outbound_results import CLIENT_REF_PREFIX
from multichat.outbound.clients.base import (
    ChannelConfig,
    OutgoingMedia,
    OutgoingMessage,
    PermanentSendError,
    SendAccepted,
    json_or_text,
    post,
    raise_for_failure,
)


def _describe(body: Any) -> tuple[str, str]:
    error = body.get("error") if isinstance(body, dict) else None
    if isinstance(error, dict):
        code = error.get("code")
        return f"meta_{code}" if code is not None else "meta_error", str(
            error.get("message") or error.get("error_user_msg") or "refused by Meta"
        )
    return "meta_error", str(body)[:300] or "refused by Meta"


class MetaClient:
    def __init__(self, channel: ChannelConfig, http: httpx.AsyncClient) -> None:
        self._base = channel.api_base_url.rstrip("/") + f"/{channel.phone_number_id}"
        self._headers = {"Authorization": f"Bearer {channel.access_token}"}
        self._http = http

    async def send(self, message: OutgoingMessage) -> SendAccepted:
        body: dict[str, Any] = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": message.to,
            "biz_opaque_callback_data": f"{CLIENT_REF_PREFIX}{message.message_id}",
        }
        if message.reply_to:
            body["context"] = {"message_id": message.reply_to}
        media_id = ""
        if message.media is None:
            body.update(type="text", text={"preview_url": False, "body": message.text})
        else:
            media_id = await self._upload(message.media)
            part: dict[str, Any] = {"id": media_id}
            if message.text:
                part["caption"] = message.text
            if message.type == "document":
                part["filename"] = message.media.filename
            body.update({"type": message.type, message.type: part})
        response = await post(
            self._http, f"{self._base}/messages", json=body, headers=self._headers
        )
        raise_for_failure(response, _describe)
        answer = json_or_text(response)
        messages = answer.get("messages") if isinstance(answer, dict) else None
        wamid = messages[0].get("id") if isinstance(messages, list) and messages else None
        if not isinstance(wamid, str) or not wamid:
            raise PermanentSendError(
                "Meta accepted the send without a message id", code="bad_answer"
            )
        return SendAccepted(provider_message_id=wamid, media_id=media_id)

    async def _upload(self, media: OutgoingMedia) -> str:
        files = {"file": (media.filename, media.path.read_bytes(), media.mime_type)}
        data = {"messaging_product": "whatsapp", "type": media.mime_type}
        response = await post(
            self._http, f"{self._base}/media", data=data, files=files, headers=self._headers
        )
        raise_for_failure(response, _describe)
        answer = json_or_text(response)
        media_id = answer.get("id") if isinstance(answer, dict) else None
        if not isinstance(media_id, str) or not media_id:
            raise PermanentSendError(
                "Meta answered the upload without a media id", code="bad_answer"
            )
        return media_id
