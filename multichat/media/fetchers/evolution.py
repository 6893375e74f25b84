"""Evolution API media: one call that answers the decrypted file as base64 in JSON.

`POST {api_base_url}/chat/getBase64FromMediaMessage/{instance}` with header
`apikey: <api key>` and `{"message": {"key": {"id": <provider message id>}},
"convertToMp4": false}` answers `{"base64", "mimetype", "fileName"?, ...}`. Evolution
looks the message up by `key.id` in its own store and decrypts the WhatsApp CDN file
(the webhook's `url` is encrypted and useless without `mediaKey`).

The whole answer is held in memory (JSON gives no way to stream one string field), so
it is capped at the base64 size of `MEDIA_MAX_FILE_BYTES`, and parsing and decoding run
in a worker thread, off the event loop. Evolution answers 400 when it cannot find or
download the message any more; that is reported as `media_expired` (410).
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
from typing import Any
from urllib.parse import quote

import httpx

from multichat.media.cache import CacheWriter
from multichat.media.errors import MediaExpiredError, ProviderError
from multichat.media.fetchers.http import (
    provider_call,
    raise_for_status,
    read_limited,
    refuse_declared_size,
)
from multichat.media.source import MediaSource

JSON_OVERHEAD_BYTES = 64 * 1024  # the other fields beside the base64 string


def decode_base64(value: str) -> bytes:
    """Plain base64 as Evolution sends it; a `data:<mime>;base64,` prefix is tolerated."""
    if value.startswith("data:") and "," in value:
        value = value.split(",", 1)[1]
    return base64.b64decode(value, validate=False)


def _file_of(raw: bytes) -> tuple[bytes, str]:
    try:
        body: Any = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ProviderError("evolution's media answer is not JSON") from None
    encoded = body.get("base64") if isinstance(body, dict) else None
    if not isinstance(encoded, str) or not encoded:
        raise ProviderError("evolution's media answer has no base64 file")
    try:
        data = decode_base64(encoded)
    except (binascii.Error, ValueError):
        raise ProviderError("evolution's media answer is not valid base64") from None
    mime_type = body.get("mimetype")
    return data, mime_type if isinstance(mime_type, str) else ""


async def fetch_evolution(
    source: MediaSource, writer: CacheWriter, client: httpx.AsyncClient
) -> str:
    if not source.api_base_url or not source.instance:
        raise ProviderError("the channel has no evolution api_base_url or instance")
    refuse_declared_size(source.declared_size, writer)
    url = (
        f"{source.api_base_url.rstrip('/')}/chat/getBase64FromMediaMessage/"
        f"{quote(source.instance, safe='')}"
    )
    body = {"message": {"key": {"id": source.provider_message_id}}, "convertToMp4": False}
    limit = writer.max_bytes * 4 // 3 + 4 + JSON_OVERHEAD_BYTES
    with provider_call("evolution", "media download"):
        async with client.stream(
            "POST", url, json=body, headers={"apikey": source.secret}
        ) as response:
            if response.status_code == 400:
                raise MediaExpiredError("evolution can no longer find or download this file")
            raise_for_status("evolution", "media download", response.status_code)
            raw = await read_limited(response, limit)
    data, mime_type = await asyncio.to_thread(_file_of, raw)
    await asyncio.to_thread(writer.write, data)
    return mime_type
