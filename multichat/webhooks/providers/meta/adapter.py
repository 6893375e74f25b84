"""Meta WhatsApp Cloud API webhooks -> provider-neutral `WebhookItem`s, per channel.

One POST may carry several `entry` objects (even of several WABAs when one app serves
several businesses), each with several `changes`, each `value` with several `messages`
and/or `statuses`. Every level is iterated, never only `[0]`, and the items are grouped
by the business number they belong to (`value.metadata.phone_number_id`), which is how
the view finds the channel.

Guarantees: a body that is not a Cloud API envelope raises `InvalidInputError`; anything
odd *inside* a valid envelope yields a placeholder or an `Ignored`, never an exception,
because a non-2xx makes Meta redeliver for days. A change without a `phone_number_id`
cannot be routed to a channel and is left out of every batch (and logged).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from multichat.chats.inbound import Ignored, WebhookItem
from multichat.core.exceptions import InvalidInputError
from multichat.webhooks.providers.meta._values import as_dict, as_list, errors_of, text
from multichat.webhooks.providers.meta.echoes import parse_echo
from multichat.webhooks.providers.meta.messages import parse_message
from multichat.webhooks.providers.meta.statuses import parse_status

logger = logging.getLogger(__name__)

ENVELOPE_OBJECT = "whatsapp_business_account"


@dataclass(frozen=True)
class MetaChannelBatch:
    """The items of one POST that belong to one business number, in payload order."""

    phone_number_id: str
    items: list[WebhookItem]


def _safely(parse: Callable[..., WebhookItem], item: Any, **context: Any) -> WebhookItem:
    """Run one item's parser; a bug on one odd item must not lose the rest of the POST."""
    try:
        return parse(item, **context)
    except Exception as exc:  # a 5xx would make Meta redeliver the whole batch for days
        logger.warning("meta webhook item could not be parsed (%s)", type(exc).__name__)
        return Ignored(reason=f"meta item could not be parsed: {type(exc).__name__}")


def _messages_items(value: dict[str, Any]) -> list[WebhookItem]:
    contacts = as_list(value.get("contacts"))
    value_errors = errors_of(value.get("errors"))
    items = [
        _safely(parse_message, item, contacts=contacts, value_errors=value_errors)
        for item in as_list(value.get("messages"))
    ]
    items.extend(_safely(parse_status, item) for item in as_list(value.get("statuses")))
    if not items and value_errors:
        codes = ", ".join(str(error["code"]) for error in value_errors)
        items.append(Ignored(reason=f"meta value errors without messages: {codes}"))
    return items


def _echo_items(value: dict[str, Any]) -> list[WebhookItem]:
    value_errors = errors_of(value.get("errors"))
    return [
        _safely(parse_echo, item, value_errors=value_errors)
        for item in as_list(value.get("message_echoes"))
    ]


def _change_items(field: str, value: dict[str, Any]) -> list[WebhookItem]:
    if field == "messages":
        return _messages_items(value)
    if field == "smb_message_echoes":
        return _echo_items(value)
    return [Ignored(reason=f"meta field {field or '<missing>'} not handled")]


def _check_envelope(payload: Any) -> list[Any]:
    if not isinstance(payload, dict):
        raise InvalidInputError("Meta webhook body must be a JSON object.")
    if payload.get("object") != ENVELOPE_OBJECT:
        raise InvalidInputError(f"Meta webhook body must have object={ENVELOPE_OBJECT!r}.")
    entries = payload.get("entry")
    if not isinstance(entries, list):
        raise InvalidInputError("Meta webhook body must have an 'entry' list.")
    return entries


def parse_meta_payload(payload: Any) -> list[MetaChannelBatch]:
    """Split a decoded Cloud API webhook body into one batch per `phone_number_id`.

    Batches come in the order their number first appears; items keep payload order
    (entry, then change, then `messages[]` before `statuses[]` of the same value).
    """
    grouped: dict[str, list[WebhookItem]] = {}
    for entry in _check_envelope(payload):
        for change in as_list(as_dict(entry).get("changes")):
            field = text(as_dict(change).get("field"))
            value = as_dict(as_dict(change).get("value"))
            phone_number_id = text(as_dict(value.get("metadata")).get("phone_number_id"))
            if not phone_number_id:
                logger.info("meta webhook change %r has no phone_number_id; skipped", field)
                continue
            grouped.setdefault(phone_number_id, []).extend(_change_items(field, value))
    return [MetaChannelBatch(phone_number_id=k, items=v) for k, v in grouped.items()]
