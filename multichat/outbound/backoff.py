"""When to try a failed send again: exponential backoff with jitter, `Retry-After` wins."""

from __future__ import annotations

import random

from django.conf import settings

RETRY_AFTER_CAP_SECONDS = 3600.0  # a provider asking for more than an hour is capped


def retry_delay(attempt: int, retry_after: float | None = None) -> float:
    """Seconds before attempt `attempt + 1`, after `attempt` (>= 1) failed ones.

    base * 2^(attempt-1), capped at OUTBOUND_BACKOFF_MAX_SECONDS, times a random factor
    in [0.8, 1.2) so that many sends failing together do not retry together; never less
    than what the provider asked for in `Retry-After`.
    """
    base = float(settings.OUTBOUND_BACKOFF_BASE_SECONDS)
    cap = float(settings.OUTBOUND_BACKOFF_MAX_SECONDS)
    delay = min(cap, base * 2 ** max(attempt - 1, 0)) * random.uniform(0.8, 1.2)  # noqa: S311  # jitter, not security
    if retry_after is not None:
        delay = max(delay, min(retry_after, RETRY_AFTER_CAP_SECONDS))
    return float(delay)


def attempts_exhausted(attempt: int) -> bool:
    return attempt >= int(settings.OUTBOUND_MAX_ATTEMPTS)
