"""Verification of Meta's `X-Hub-Signature-256` webhook header.

Meta signs the raw request body (its escaped-unicode JSON, exactly as sent) with the
app secret. The check must run on `request.body` as received: re-serialized JSON
differs byte for byte as soon as a message contains an accent or an emoji.
"""

from __future__ import annotations

import hashlib
import hmac

_PREFIX = "sha256="
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def signature_is_valid(raw_body: bytes, header: str | None, app_secret: str) -> bool:
    """True when `header` is `sha256=<hex>` and the hex is the HMAC-SHA256 of `raw_body`.

    False, never an exception, for a missing or malformed header or an empty secret (an
    unset secret must not make every unsigned body "valid"). The comparison is constant
    time.
    """
    if not header or not app_secret or not header.startswith(_PREFIX):
        return False
    received = header[len(_PREFIX) :].strip().lower()
    if len(received) != hashlib.sha256().digest_size * 2 or not set(received) <= _HEX_DIGITS:
        return False
    expected = hmac.new(app_secret.encode("utf-8"), raw_body, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, received)
