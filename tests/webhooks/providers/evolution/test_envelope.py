"""The envelope: event spellings, the URL slug, the body apikey and what is not an envelope."""

from __future__ import annotations

import pytest

from multichat.core.exceptions import InvalidInputError
from multichat.webhooks.providers.evolution import EvolutionEnvelope, canonical_event, read_envelope

from .helpers import load


@pytest.mark.parametrize(
    ("spelling", "canonical"),
    [
        ("messages.upsert", "messages.upsert"),
        ("MESSAGES_UPSERT", "messages.upsert"),
        ("messages-upsert", "messages.upsert"),
        ("Messages_Upsert", "messages.upsert"),
        ("send.message.update", "send.message.update"),
        ("SEND_MESSAGE_UPDATE", "send.message.update"),
        ("send-message-update", "send.message.update"),
        ("group-participants.update", "group.participants.update"),
        ("GROUP_PARTICIPANTS_UPDATE", "group.participants.update"),
        ("group-participants-update", "group.participants.update"),
        ("typebot.change-status", "typebot.change.status"),
        ("QRCODE_UPDATED", "qrcode.updated"),
        ("/connection-update/", "connection.update"),
    ],
)
def test_every_spelling_of_an_event_has_one_canonical_form(spelling, canonical) -> None:
    assert canonical_event(spelling) == canonical


def test_a_body_envelope_is_read_with_its_apikey_and_data() -> None:
    payload = load("messages_upsert_text.json")
    envelope = read_envelope(payload)
    assert envelope == EvolutionEnvelope(
        event="messages.upsert",
        instance="loja-centro",
        apikey="B6D711FCDE4D4FD5936544120E713976",
        data=payload["data"],
    )


def test_the_upper_case_config_spelling_in_the_body_is_canonicalised() -> None:
    envelope = read_envelope(load("messages_upsert_text_uppercase_event.json"))
    assert envelope.event == "messages.upsert"
    assert envelope.apikey is None


def test_a_null_body_apikey_reads_as_none() -> None:
    payload: dict[str, object] = {
        "event": "messages.upsert",
        "instance": "loja-centro",
        "data": {},
        "apikey": None,
    }
    assert read_envelope(payload).apikey is None


def test_the_apikey_never_appears_in_the_envelope_repr() -> None:
    envelope = read_envelope(load("messages_upsert_text.json"))
    assert "B6D711FCDE4D4FD5936544120E713976" not in repr(envelope)
    assert "loja-centro" in repr(envelope)


def test_the_url_slug_names_the_event_when_the_body_has_none() -> None:
    payload = load("messages_upsert_text.json")
    del payload["event"]
    assert read_envelope(payload, "messages-upsert").event == "messages.upsert"


def test_the_body_event_wins_over_the_url_slug() -> None:
    payload = load("send_message_text.json")
    assert read_envelope(payload, "messages-upsert").event == "send.message"


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        "messages.upsert",
        [{"event": "messages.upsert", "instance": "loja-centro", "data": {}}],
    ],
)
def test_a_body_that_is_not_an_object_is_invalid_input(payload) -> None:
    with pytest.raises(InvalidInputError):
        read_envelope(payload)


@pytest.mark.parametrize(
    "payload",
    [
        {"event": "messages.upsert", "data": {}},
        {"event": "messages.upsert", "instance": None, "data": {}},
        {"event": "messages.upsert", "instance": 42, "data": {}},
        {"event": "messages.upsert", "instance": "", "data": {}},
    ],
)
def test_a_body_without_a_string_instance_is_invalid_input(payload) -> None:
    with pytest.raises(InvalidInputError, match="instance"):
        read_envelope(payload)


@pytest.mark.parametrize("event", [None, "", 7, {"name": "messages.upsert"}])
def test_a_body_without_event_and_without_slug_is_invalid_input(event) -> None:
    payload = {"event": event, "instance": "loja-centro", "data": {}}
    with pytest.raises(InvalidInputError, match="event"):
        read_envelope(payload)
    with pytest.raises(InvalidInputError, match="event"):
        read_envelope({"instance": "loja-centro", "data": {}}, None)


def test_a_body_without_a_data_key_is_invalid_input() -> None:
    with pytest.raises(InvalidInputError, match="data"):
        read_envelope({"event": "messages.upsert", "instance": "loja-centro"})


def test_a_null_data_is_still_an_envelope() -> None:
    envelope = read_envelope({"event": "chats.update", "instance": "loja-centro", "data": None})
    assert envelope.data is None
