"""Evolution API: `POST /message/sendText/{instance}` and `/message/sendMedia/{instance}`,
authenticated with the `apikey` header; the answer's `key.id` is the WhatsApp id."""

from __future__ import annotations

import base64
from typing import Any

import httpx

from multichat.outbound.clients.base import (
    ChannelConfig,
    OutgoingMessage,
    PermanentSendError,
    SendAccepted,
    json_or_text,
    post,
    raise_for_failure,
)


def _describe(body: Any) -> tuple[str, str]:
    if isinstance(body, dict):
        response = body.get("response")
        detail = response.get("message") if isinstance(response, dict) else None
        if isinstance(detail, list):
            detail = "; ".join(str(d) for d in detail)
        return "evolution_error", str(detail or body.get("error") or "refused by Evolution")
    return "evolution_error", str(body)[:300] or "refused by Evolution"


class EvolutionClient:
    def __init__(self, channel: ChannelConfig, http: httpx.AsyncClient) -> None:
        self._base = channel.api_base_url.rstrip("/") + "/message"
        self._instance = channel.instance
        self._headers = {"apikey": channel.api_key}
        self._http = http

    async def send(self, message: OutgoingMessage) -> SendAccepted:
        body: dict[str, Any] = {"number": message.to}
        if message.reply_to:
            body["quoted"] = {"key": {"id": message.reply_to}}
        if message.media is None:
            body["text"] = message.text
            url = f"{self._base}/sendText/{self._instance}"
        else:
            body.update(
                mediatype=message.type,
                mimetype=message.media.mime_type,
                caption=message.text,
                media=base64.b64encode(message.media.path.read_bytes()).decode("ascii"),
                fileName=message.media.filename,
            )
            url = f"{self._base}/sendMedia/{self._instance}"
        response = await post(self._http, url, json=body, headers=self._headers)
        raise_for_failure(response, _describe)
        answer = json_or_text(response)
        key = answer.get("key") if isinstance(answer, dict) else None
        key_id = key.get("id") if isinstance(key, dict) else None
        if not isinstance(key_id, str) or not key_id:
            raise PermanentSendError(
                "Evolution accepted the send without key.id", code="bad_answer"
            )
        return SendAccepted(provider_message_id=key_id)
