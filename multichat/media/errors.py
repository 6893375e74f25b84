"""The media errors, as branches of the one `multichat.core.exceptions` hierarchy.

MultichatError
├── NotFoundError              404 not_found: no such message for the caller, or no media
│   └── MediaNotFoundError     404 media_not_found: the provider says there is no such file
├── MediaExpiredError          410 media_expired: it existed, the provider no longer has it
├── MediaTooLargeError         413 media_too_large: bigger than MEDIA_MAX_FILE_BYTES
└── ProviderError              502 provider_error: the provider answered something unusable
    └── ProviderUnavailableError 502 provider_unavailable: timeout, refused, 5xx

Messages never carry a token, an api key or a provider URL (lookaside URLs are signed).
"""

from __future__ import annotations

from multichat.core.exceptions import MultichatError, NotFoundError


class MediaNotFoundError(NotFoundError):
    code = "media_not_found"


class MediaExpiredError(MultichatError):
    status = 410
    code = "media_expired"


class MediaTooLargeError(MultichatError):
    """The file is bigger than this server serves. 413 because the size is the reason for
    the refusal; retrying cannot help, and it is not the provider's fault (so not 502)."""

    status = 413
    code = "media_too_large"


class ProviderError(MultichatError):
    status = 502
    code = "provider_error"


class ProviderUnavailableError(ProviderError):
    code = "provider_unavailable"
