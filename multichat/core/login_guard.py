"""Brute-force guard for the sign-in endpoints: failed attempts are counted, not requests.

Two counters, each a fixed window in the Django cache (django-ratelimit's `get_usage`,
atomic `add`/`incr`; Redis when REDIS_URL is set, so every process counts together):
failures per username — a password guessed from many addresses — and failures per
client address — many usernames tried from one. Once either is spent, every attempt on
it (the right password included: otherwise the guard would still answer the guess) gets
429 with `Retry-After` until its window ends. Successful sign-ins are never counted, so
agents signing in from one office address do not lock each other out.

A cache that cannot be reached lets sign-ins through (logged): a Redis outage must not
lock every agent out of the inbox.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage
from redis.exceptions import RedisError
from rest_framework.exceptions import Throttled

logger = logging.getLogger(__name__)

GROUP = "multichat.sign-in"


class TooManyFailedSignIns(Throttled):
    default_detail = "too many failed sign-in attempts"
    default_code = "too_many_attempts"


def _client_address(request: HttpRequest) -> str:
    """The peer address (uvicorn puts a trusted proxy's X-Forwarded-For there); an IPv6
    client counts by its /64, since one host usually holds the whole block."""
    raw = request.META.get("REMOTE_ADDR") or "unknown"
    try:
        address = ipaddress.ip_address(raw)
    except ValueError:
        return raw
    if address.version == 6:
        return str(ipaddress.ip_network(f"{address}/64", strict=False))
    return str(address)


def _counters(request: HttpRequest, username: str) -> list[tuple[str, str, str]]:
    """(counter name, counted value, rate). Usernames count case-insensitively here."""
    return [
        ("username", f"user:{username.strip().casefold()}", settings.LOGIN_FAILURES_PER_USERNAME),
        ("client", f"client:{_client_address(request)}", settings.LOGIN_FAILURES_PER_CLIENT),
    ]


def _usage(
    request: HttpRequest, value: str, rate: str, *, increment: bool
) -> dict[str, Any] | None:
    try:
        usage: dict[str, Any] | None = get_usage(
            request, group=GROUP, key=lambda _group, _request: value, rate=rate, increment=increment
        )
    except (RedisError, OSError) as error:
        logger.warning("sign-in counters unavailable, not enforced: %s", type(error).__name__)
        return None
    if usage is None or usage["limit"] == 0:  # disabled, or the cache answered nothing
        return None
    return usage


def refuse_when_locked(request: HttpRequest, username: str) -> None:
    """Raise 429 (with the seconds left) when this username or address spent its failures."""
    waits = []
    for _name, value, rate in _counters(request, username):
        usage = _usage(request, value, rate, increment=False)
        if usage is not None and usage["count"] >= usage["limit"]:
            # `time_left` counts whole seconds to the window's last second, which the
            # window still covers: the wait runs to the end of that second.
            waits.append(int(usage["time_left"]) + 1)
    if waits:
        raise TooManyFailedSignIns(wait=max(waits))


def count_failure(request: HttpRequest, username: str) -> None:
    """Count one failed attempt against the username and the address."""
    for name, value, rate in _counters(request, username):
        usage = _usage(request, value, rate, increment=True)
        if usage is not None and usage["count"] == usage["limit"]:
            logger.warning("sign-in locked after %d failures by %s", usage["limit"], name)
