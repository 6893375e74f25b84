"""Thin webhook views: read the body, authenticate the channel, parse, ingest, answer.

`/webhooks/meta/`: Meta verification (GET) and notifications (POST). The signature is
checked over the raw bytes with the app secret of every channel the batch names (a batch
can carry several phone numbers of one app); any mismatch rejects the whole delivery with
401 and nothing is stored.

`/webhooks/evolution/[<event-slug>/]`: Evolution signs nothing, so the channel is found
by `instance` and its `api_key` must come in the body's `apikey` or, for versions that
leave it out, an `apikey` header.
"""

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from multichat.chats.services.ingest import IngestReport, webhook_ingest
from multichat.core.api import error_response
from multichat.core.exceptions import AuthenticationError, InvalidInputError, MultichatError
from multichat.media.inline import media_cache_inline_on_commit
from multichat.tenants.models import Channel, Provider
from multichat.webhooks.metrics import WEBHOOKS
from multichat.webhooks.providers.evolution import parse_evolution_event, read_envelope
from multichat.webhooks.providers.meta.adapter import parse_meta_payload
from multichat.webhooks.providers.meta.signature import signature_is_valid

logger = logging.getLogger("multichat.webhooks")


def json_body(request: HttpRequest) -> Any:
    """The parsed body; malformed JSON or a non-object body is a client error (400)."""
    try:
        payload = json.loads(request.body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidInputError("body is not valid JSON") from exc
    if not isinstance(payload, dict):
        raise InvalidInputError("body is not a JSON object")
    return payload


def report_response(reports: list[IngestReport]) -> JsonResponse:
    body = {
        "stored": sum(r.stored for r in reports),
        "duplicates": sum(r.duplicates for r in reports),
        "applied": sum(r.applied for r in reports),
        "ignored": sum(len(r.ignored) for r in reports),
    }
    return JsonResponse({"status": "ok", **body})


def _provider(request: HttpRequest) -> str:
    return "meta" if request.path.startswith("/webhooks/meta/") else "evolution"


def _outcome(response: HttpResponse) -> str:
    """The delivery's outcome for the metrics: what its 200 body reports, or rejected."""
    if response.status_code != 200 or not isinstance(response, JsonResponse):
        return f"http_{response.status_code}"
    body = json.loads(response.content)
    for outcome in ("stored", "applied", "duplicates", "ignored"):
        if body.get(outcome):
            return outcome
    return "empty"


def json_errors(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Turn `MultichatError` into its JSON 4xx, and log the outcome without the body."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            response = view(request, *args, **kwargs)
        except MultichatError as error:
            logger.warning(
                "webhook rejected path=%s status=%s reason=%s",
                request.path,
                error.status,
                error.code,
            )
            response = error_response(error)
        if request.method == "POST":
            WEBHOOKS.labels(provider=_provider(request), outcome=_outcome(response)).inc()
        return response

    return wrapper


@csrf_exempt
@require_http_methods(["GET", "POST"])
@json_errors
def meta_webhook(request: HttpRequest) -> HttpResponse:
    if request.method == "GET":
        return _verify(request)
    return _receive(request)


def _verify(request: HttpRequest) -> HttpResponse:
    mode = request.GET.get("hub.mode", "")
    token = request.GET.get("hub.verify_token", "")
    challenge = request.GET.get("hub.challenge", "")
    tokens = Channel.objects.filter(provider=Provider.META).exclude(verify_token="")
    matched = False
    for known in tokens.values_list("verify_token", flat=True):
        # Compare against every token so timing does not tell which one is close.
        matched |= hmac.compare_digest(known.encode(), token.encode())
    if mode == "subscribe" and token and matched:
        return HttpResponse(challenge, content_type="text/plain")
    return HttpResponse("forbidden", status=403, content_type="text/plain")


def _receive(request: HttpRequest) -> HttpResponse:
    batches = parse_meta_payload(json_body(request))
    ids = {batch.phone_number_id for batch in batches}
    channels = {
        c.phone_number_id: c
        for c in Channel.objects.filter(provider=Provider.META, phone_number_id__in=ids)
    }
    header = request.headers.get("X-Hub-Signature-256")
    if not channels:
        # Nothing routable (account_update and the like carry no phone number, or the
        # number is not ours): acknowledge only what one of our apps really signed.
        secrets = Channel.objects.filter(provider=Provider.META).values_list(
            "app_secret", flat=True
        )
        if any(signature_is_valid(request.body, header, secret) for secret in secrets):
            logger.info("meta delivery with nothing routable ignored")
            return report_response([])
        raise AuthenticationError("missing or invalid X-Hub-Signature-256")
    if not all(signature_is_valid(request.body, header, c.app_secret) for c in channels.values()):
        raise AuthenticationError("missing or invalid X-Hub-Signature-256")
    reports: list[IngestReport] = []
    with transaction.atomic():
        for batch in batches:
            channel = channels.get(batch.phone_number_id)
            if channel is None:
                logger.warning("meta batch for unknown phone_number_id ignored")
                continue
            reports.append(webhook_ingest(channel=channel, items=batch.items))
    return report_response(reports)


@csrf_exempt
@require_POST
@json_errors
def evolution_webhook(request: HttpRequest, event_slug: str | None = None) -> HttpResponse:
    received_at = timezone.now()
    envelope = read_envelope(json_body(request), event_slug)
    channel = Channel.objects.filter(
        provider=Provider.EVOLUTION, instance=envelope.instance
    ).first()
    presented = envelope.apikey or request.headers.get("apikey") or ""
    expected = channel.api_key if channel is not None else ""
    if (
        channel is None
        or not expected
        or not hmac.compare_digest(presented.encode(), expected.encode())
    ):
        raise AuthenticationError("unknown instance or wrong apikey")
    items = parse_evolution_event(envelope, received_at=received_at)
    report = webhook_ingest(channel=channel, items=items)
    media_cache_inline_on_commit(channel=channel, items=items)
    return report_response([report])
