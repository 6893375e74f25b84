"""Meta Cloud API media: look the media id up, then download the URL it returns.

1. `GET {api_base_url}/{media_id}` with `Authorization: Bearer <access token>` answers
   `{"url", "mime_type", "sha256", "file_size", "id"}` (`file_size` may be a string).
2. `GET {url}` with the same header answers the bytes. The URL is a signed lookaside
   URL that expires within minutes, so it is used at once and never stored or shown.

Meta keeps received media for a limited time; afterwards the lookup fails with Graph
error code 100 ("object does not exist"), which is reported as `media_expired` (410):
the message proves the file existed.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

import httpx

from multichat.media.cache import CacheWriter
from multichat.media.errors import MediaExpiredError, MediaNotFoundError, ProviderError
from multichat.media.fetchers.http import (
    provider_call,
    raise_for_status,
    refuse_declared_size,
    stream_into,
)
from multichat.media.source import MediaSource

DEFAULT_GRAPH_URL = "https://graph.facebook.com/v21.0"
GRAPH_OBJECT_MISSING = 100


@dataclass(frozen=True)
class _Lookup:
    url: str
    mime_type: str
    sha256: str
    file_size: int | None


def _graph_error_code(response: httpx.Response) -> int | None:
    try:
        code = response.json().get("error", {}).get("code")
    except (ValueError, AttributeError):
        return None
    return code if isinstance(code, int) else None


def _parse_lookup(response: httpx.Response) -> _Lookup:
    try:
        body: Any = response.json()
    except json.JSONDecodeError:
        body = None
    if not isinstance(body, dict) or not isinstance(body.get("url"), str):
        raise ProviderError("meta's media lookup answer has no url")
    url = body["url"]
    if urlsplit(url).scheme not in ("http", "https"):
        raise ProviderError("meta's media lookup gave an unusable url")
    size = body.get("file_size")
    return _Lookup(
        url=url,
        mime_type=str(body.get("mime_type") or ""),
        sha256=str(body.get("sha256") or ""),
        file_size=int(size) if isinstance(size, int | str) and str(size).isdigit() else None,
    )


def _digest_forms(expected: str) -> bytes | None:
    """Meta writes sha256 as hex in lookups and base64 in webhooks; accept either."""
    for decode in (bytes.fromhex, base64.b64decode):
        try:
            digest = decode(expected)
        except (ValueError, binascii.Error):
            continue
        if len(digest) == 32:
            return digest
    return None


async def fetch_meta(source: MediaSource, writer: CacheWriter, client: httpx.AsyncClient) -> str:
    if not source.media_id:
        raise MediaNotFoundError("this message carries no meta media id")
    headers = {"Authorization": f"Bearer {source.secret}"}
    base = (source.api_base_url or DEFAULT_GRAPH_URL).rstrip("/")
    with provider_call("meta", "media lookup"):
        response = await client.get(f"{base}/{quote(source.media_id, safe='')}", headers=headers)
    if response.status_code == 400 and _graph_error_code(response) == GRAPH_OBJECT_MISSING:
        raise MediaExpiredError("meta no longer has this file")
    raise_for_status("meta", "media lookup", response.status_code)
    lookup = _parse_lookup(response)
    refuse_declared_size(lookup.file_size, writer)
    with provider_call("meta", "media download"):
        # Redirects are followed here only; httpx drops the Authorization header when a
        # redirect leaves the host, so the token never reaches a third party.
        async with client.stream(
            "GET", lookup.url, headers=headers, follow_redirects=True
        ) as download:
            raise_for_status("meta", "media download", download.status_code)
            await stream_into(download, writer)
    expected = _digest_forms(lookup.sha256) if lookup.sha256 else None
    if expected is not None and expected != writer.sha256.digest():
        raise ProviderError("the file meta sent does not match its sha256")
    return lookup.mime_type
