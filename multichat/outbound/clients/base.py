"""The interface every provider client implements, and the values it takes and gives.

A client sends one message and answers `SendAccepted` with the provider's id, or raises:
`TransientSendError` (network error, timeout, 429, 5xx: try again later, honouring
`retry_after`) or `PermanentSendError` (any other refusal: retrying cannot help).
`in_doubt` marks a transient failure after the request may have reached the provider
(a read timeout, a dropped connection): the provider may have sent the message.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

import httpx


@dataclass(frozen=True)
class ChannelConfig:
    """The provider settings of one channel (plain values: clients know no ORM)."""

    provider: str
    api_base_url: str
    phone_number_id: str = ""
    access_token: str = field(default="", repr=False)
    instance: str = ""
    api_key: str = field(default="", repr=False)


@dataclass(frozen=True)
class OutgoingMedia:
    path: Path
    mime_type: str
    filename: str


@dataclass(frozen=True)
class OutgoingMessage:
    """One message to send. `message_id` is ours; `to` the provider chat id."""

    message_id: int
    to: str
    type: Literal["text", "image", "document"]
    text: str = ""
    reply_to: str = ""
    media: OutgoingMedia | None = None


@dataclass(frozen=True)
class SendAccepted:
    provider_message_id: str
    media_id: str = ""


class SendError(Exception):
    def __init__(self, detail: str, *, status: int | None = None, body: Any = None) -> None:
        super().__init__(detail)
        self.detail, self.status, self.body = detail, status, body

    def as_json(self) -> dict[str, Any]:
        """The `error` stored on a failed message."""
        return {
            "code": self.code,
            "detail": self.detail,
            "http_status": self.status,
            "provider_error": self.body if isinstance(self.body, dict) else None,
        }

    code = "send_error"


class TransientSendError(SendError):
    code = "transient"

    def __init__(
        self,
        detail: str,
        *,
        status: int | None = None,
        body: Any = None,
        retry_after: float | None = None,
        in_doubt: bool = False,
    ) -> None:
        super().__init__(detail, status=status, body=body)
        self.retry_after, self.in_doubt = retry_after, in_doubt


class PermanentSendError(SendError):
    def __init__(
        self, detail: str, *, code: str = "rejected", status: int | None = None, body: Any = None
    ) -> None:
        super().__init__(detail, status=status, body=body)
        self.code = code


class ProviderClient(Protocol):
    async def send(self, message: OutgoingMessage) -> SendAccepted: ...


def retry_after_seconds(value: str | None, *, now: float | None = None) -> float | None:
    """`Retry-After` as seconds: a number, or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(when.timestamp() - (now if now is not None else time.time()), 0.0)


def json_or_text(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return response.text[:500]


def raise_for_failure(response: httpx.Response, describe: Any) -> None:
    """Classify a non-2xx answer. `describe(body)` gives (code, detail) for a refusal."""
    if response.is_success:
        return
    body = json_or_text(response)
    code, detail = describe(body)
    if response.status_code == 429 or response.status_code >= 500:
        raise TransientSendError(
            detail,
            status=response.status_code,
            body=body,
            retry_after=retry_after_seconds(response.headers.get("Retry-After")),
        )
    raise PermanentSendError(detail, code=code, status=response.status_code, body=body)


async def post(http: httpx.AsyncClient, url: str, **kwargs: Any) -> httpx.Response:
    """POST, turning transport failures into `TransientSendError`. Failures before the
    request was written (connect) are certain; later ones leave the outcome in doubt."""
    try:
        return await http.post(url, **kwargs)
    except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as exc:
        raise TransientSendError(f"{type(exc).__name__}: cannot reach provider") from exc
    except httpx.TransportError as exc:
        raise TransientSendError(
            f"{type(exc).__name__}: no answer from provider", in_doubt=True
        ) from exc
