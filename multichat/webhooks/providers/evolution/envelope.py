"""The Evolution webhook envelope and the one spelling of event names we compare on.

Evolution writes each event name three ways: dotted lower case in the body
(`messages.upsert`, `group-participants.update`), upper snake case in its configuration
(`MESSAGES_UPSERT`) and kebab case in the URL of "webhook by events" mode
(`/messages-upsert`). `canonical_event` folds all three into one dotted lower-case form so
the rest of the adapter compares a single spelling.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from multichat.core.exceptions import InvalidInputError


def canonical_event(name: str) -> str:
    """`name` lower-cased with `_` and `-` turned into `.`.

    `messages.upsert`, `MESSAGES_UPSERT` and `messages-upsert` all give `messages.upsert`;
    `group-participants.update` gives `group.participants.update`. Surrounding whitespace
    and slashes (a URL slug) are dropped.
    """
    return name.strip().strip("/").lower().replace("_", ".").replace("-", ".")


@dataclass(frozen=True)
class EvolutionEnvelope:
    """One delivery: which event, for which instance, the body's apikey and the data.

    `apikey` is the instance token Evolution copies into the body when
    `AUTHENTICATION_EXPOSE_IN_FETCH_INSTANCES=true`; None when null or absent (the view then
    looks at the `apikey` header). It is kept out of the repr so it never reaches a log.
    """

    event: str
    instance: str
    apikey: str | None = field(repr=False)
    data: Any = field(repr=False)


def read_envelope(payload: Any, url_event_slug: str | None = None) -> EvolutionEnvelope:
    """Check that `payload` is an Evolution envelope and read it.

    The event comes from the body's `event`, or from the URL slug of "webhook by events"
    mode when the body has none; the body wins when both exist. Raises `InvalidInputError`
    (the view's 400) when the payload is not an object, has no string `instance`, no event
    or no `data` key; anything inside `data` is the parser's business and never raises.
    """
    if not isinstance(payload, dict):
        raise InvalidInputError("evolution webhook body is not a JSON object")
    instance = payload.get("instance")
    if not isinstance(instance, str) or not instance.strip():
        raise InvalidInputError("evolution webhook body has no instance")
    body_event = payload.get("event")
    event = body_event if isinstance(body_event, str) and body_event.strip() else url_event_slug
    if not event or not canonical_event(event):
        raise InvalidInputError("evolution webhook body has no event")
    if "data" not in payload:
        raise InvalidInputError("evolution webhook body has no data")
    apikey = payload.get("apikey")
    return EvolutionEnvelope(
        event=canonical_event(event),
        instance=instance,
        apikey=apikey if isinstance(apikey, str) and apikey else None,
        data=payload["data"],
    )
