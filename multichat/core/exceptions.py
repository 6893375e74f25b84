"""The one error hierarchy of multichat; `core.api.exception_handler` maps it to JSON 4xx.

MultichatError                 base: a client-facing error with an HTTP status and a code
├── InvalidInputError      400 the request body is not what the endpoint takes
├── AuthenticationError    401 missing or wrong credentials / webhook signature
├── NotFoundError          404 does not exist, or the caller may not see it
├── ConflictError          409 the request conflicts with the stored state
├── PayloadTooLargeError   413 the body is larger than the endpoint accepts
└── UnsupportedMediaTypeError 415 an uploaded file's type is not accepted
"""

from __future__ import annotations

from typing import Any


class MultichatError(Exception):
    """A failure the client caused; `status` and `code` go into the JSON error body."""

    status = 400
    code = "error"

    def __init__(self, message: str, *, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def as_json(self) -> dict[str, Any]:
        body: dict[str, Any] = {"error": self.code, "detail": self.message}
        if self.details is not None:
            body["details"] = self.details
        return body


class InvalidInputError(MultichatError):
    status = 400
    code = "invalid_input"


class AuthenticationError(MultichatError):
    status = 401
    code = "unauthorized"


class NotFoundError(MultichatError):
    status = 404
    code = "not_found"


class ConflictError(MultichatError):
    status = 409
    code = "conflict"


class PayloadTooLargeError(MultichatError):
    status = 413
    code = "payload_too_large"


class UnsupportedMediaTypeError(MultichatError):
    status = 415
    code = "unsupported_media_type"
