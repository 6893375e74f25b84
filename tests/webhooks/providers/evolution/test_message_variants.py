"""messages.upsert shapes without a fixture of their own: wrappers, interactive replies,
edits and deletions inside upserts, chat ids, direction and status, odd records."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from multichat.chats.inbound import (
    ChatRef,
    ContactInfo,
    Ignored,
    IncomingMessage,
    MessageDeletion,
    MessageEdit,
    ReactionChange,
)

from .helpers import GROUP, MARIA, RECEIVED, parse_payload, upsert

SENT_AT = datetime(2025, 7, 1, 12, 0, 10, tzinfo=UTC)  # messageTimestamp of `upsert()`


def one(payload) -> object:
    items = parse_payload(payload)
    assert len(items) == 1, items
    return items[0]


def message(payload) -> IncomingMessage:
    item = one(payload)
    assert isinstance(item, IncomingMessage), item
    return item


def test_v2_extended_text_takes_its_reply_target_from_the_lifted_context_info() -> None:
    payload = upsert(
        {"extendedTextMessage": {"text": "Esse aqui?", "contextInfo": {"stanzaId": "INNER"}}},
        messageType="extendedTextMessage",
        contextInfo={"stanzaId": "3EB0QUOTED", "participant": "5511940001234@s.whatsapp.net"},
    )
    item = message(payload)
    assert (item.type, item.content, item.reply_to) == ("text", "Esse aqui?", "3EB0QUOTED")


def test_a_reply_target_inside_the_content_is_used_when_data_has_none() -> None:
    payload = upsert(
        {
            "imageMessage": {
                "caption": "este",
                "mimetype": "image/jpeg",
                "contextInfo": {"stanzaId": "Q1"},
            }
        },
        messageType="imageMessage",
    )
    assert message(payload).reply_to == "Q1"


def test_conversation_and_context_info_siblings_are_never_the_content() -> None:
    payload = upsert(
        {"messageContextInfo": {"deviceListMetadataVersion": 2}, "conversation": "oi"},
        messageType="conversation",
    )
    assert (message(payload).type, message(payload).content) == ("text", "oi")


def test_document_with_caption_wrapper_is_unwrapped_to_the_document() -> None:
    inner = {
        "documentMessage": {
            "fileName": "nota.pdf",
            "mimetype": "application/pdf",
            "caption": "Nota fiscal",
            "fileLength": "48213",
        }
    }
    payload = upsert(
        {"documentWithCaptionMessage": {"message": inner}}, messageType="documentWithCaptionMessage"
    )
    item = message(payload)
    assert (item.type, item.content) == ("document", "Nota fiscal")
    assert item.media is not None
    assert (item.media.filename, item.media.size) == ("nota.pdf", 48213)


@pytest.mark.parametrize(
    "wrapper",
    ["ephemeralMessage", "viewOnceMessage", "viewOnceMessageV2", "viewOnceMessageV2Extension"],
)
def test_ephemeral_and_view_once_wrappers_are_unwrapped(wrapper) -> None:
    inner = {"imageMessage": {"caption": "só uma vez", "mimetype": "image/jpeg", "viewOnce": True}}
    item = message(upsert({wrapper: {"message": inner}}, messageType=wrapper))
    assert (item.type, item.content) == ("image", "só uma vez")


def test_nested_wrappers_are_unwrapped_to_the_innermost_content() -> None:
    inner = {"viewOnceMessageV2": {"message": {"extendedTextMessage": {"text": "oi"}}}}
    item = message(upsert({"ephemeralMessage": {"message": inner}}, messageType="ephemeralMessage"))
    assert (item.type, item.content) == ("text", "oi")


@pytest.mark.parametrize(
    ("content", "details"),
    [
        (
            {
                "buttonsResponseMessage": {
                    "selectedButtonId": "confirm-8841",
                    "selectedDisplayText": "Confirmar",
                    "type": "DISPLAY_TEXT",
                }
            },
            {
                "kind": "button_reply",
                "payload": "confirm-8841",
                "title": "Confirmar",
                "description": "",
            },
        ),
        (
            {
                "listResponseMessage": {
                    "title": "Entrega expressa",
                    "listType": "SINGLE_SELECT",
                    "singleSelectReply": {"selectedRowId": "ship-express"},
                    "description": "Chega hoje",
                }
            },
            {
                "kind": "list_reply",
                "payload": "ship-express",
                "title": "Entrega expressa",
                "description": "Chega hoje",
            },
        ),
        (
            {
                "templateButtonReplyMessage": {
                    "selectedId": "promo-stop",
                    "selectedDisplayText": "Parar",
                    "selectedIndex": 1,
                }
            },
            {"kind": "button", "payload": "promo-stop", "title": "Parar", "description": ""},
        ),
        (
            {
                "interactiveResponseMessage": {
                    "body": {"text": "Enviado"},
                    "nativeFlowResponseMessage": {"name": "flow", "paramsJson": '{"a":1}'},
                }
            },
            {"kind": "nfm_reply", "payload": '{"a":1}', "title": "Enviado", "description": ""},
        ),
    ],
)
def test_button_list_and_template_replies_are_interactive_with_title_as_text(
    content, details
) -> None:
    item = message(upsert(content, messageType=next(iter(content))))
    assert (item.type, item.content, item.details) == ("interactive", details["title"], details)


def test_a_revoke_protocol_message_deletes_its_target() -> None:
    payload = upsert(
        {
            "protocolMessage": {
                "key": {"remoteJid": MARIA, "fromMe": False, "id": "GONE1"},
                "type": "REVOKE",
            }
        },
        messageType="protocolMessage",
    )
    assert one(payload) == MessageDeletion(
        provider_message_id="GONE1", deleted_at=SENT_AT, chat_id=MARIA
    )


def test_an_edit_protocol_message_edits_its_target_at_timestamp_ms() -> None:
    payload = upsert(
        {
            "protocolMessage": {
                "key": {"id": "EDIT1"},
                "type": "MESSAGE_EDIT",
                "editedMessage": {"extendedTextMessage": {"text": "corrigido"}},
                "timestampMs": "1751371500000",
            }
        },
        messageType="protocolMessage",
    )
    assert one(payload) == MessageEdit(
        provider_message_id="EDIT1",
        content="corrigido",
        edited_at=datetime(2025, 7, 1, 12, 5, tzinfo=UTC),
        chat_id=MARIA,
    )


def test_an_edited_message_wrapper_is_an_edit_of_the_caption() -> None:
    protocol = {
        "key": {"id": "IMG1"},
        "type": "MESSAGE_EDIT",
        "editedMessage": {"imageMessage": {"caption": "legenda nova"}},
    }
    payload = upsert(
        {"editedMessage": {"message": {"protocolMessage": protocol}}}, messageType="editedMessage"
    )
    assert one(payload) == MessageEdit(
        provider_message_id="IMG1", content="legenda nova", edited_at=SENT_AT, chat_id=MARIA
    )


def test_other_protocol_messages_are_ignored_not_shown() -> None:
    payload = upsert(
        {"protocolMessage": {"type": "EPHEMERAL_SETTING", "ephemeralExpiration": 604800}},
        messageType="protocolMessage",
    )
    item = one(payload)
    assert isinstance(item, Ignored)
    assert "EPHEMERAL_SETTING" in item.reason


@pytest.mark.parametrize("reaction", [{"text": ""}, {}, {"text": None}])
def test_an_empty_or_missing_reaction_text_removes_the_reaction(reaction) -> None:
    body = {
        "reactionMessage": {"key": {"remoteJid": MARIA, "fromMe": True, "id": "3EB0T"}, **reaction}
    }
    item = one(upsert(body, messageType="reactionMessage"))
    assert isinstance(item, ReactionChange)
    assert (item.emoji, item.target_provider_message_id, item.sender) == ("", "3EB0T", MARIA)


def test_a_group_reaction_is_by_the_participant() -> None:
    key = {
        "remoteJid": GROUP,
        "fromMe": False,
        "id": "R1",
        "participant": "201234567890123@lid",
        "participantAlt": "5521998877665@s.whatsapp.net",
    }
    body = {"reactionMessage": {"key": {"remoteJid": GROUP, "id": "T1"}, "text": "👍"}}
    item = one(upsert(body, key=key, messageType="reactionMessage"))
    assert item == ReactionChange(
        chat=ChatRef(chat_id=GROUP, is_group=True),
        target_provider_message_id="T1",
        sender="5521998877665@s.whatsapp.net",
        from_me=False,
        emoji="👍",
        timestamp=SENT_AT,
        provider_message_id="R1",
    )


@pytest.mark.parametrize(
    ("content", "message_type", "original"),
    [
        ({"ptvMessage": {"mimetype": "video/mp4", "seconds": 9}}, "ptvMessage", "ptvMessage"),
        ({"pollUpdateMessage": {"vote": {}}}, "pollUpdateMessage", "pollUpdateMessage"),
        ({"pollCreationMessage": {"name": "?"}}, "pollCreationMessage", "pollCreationMessage"),
        ({"groupInviteMessage": {"groupJid": GROUP}}, "groupInviteMessage", "groupInviteMessage"),
        ({}, "unknown", "unknown"),
        (None, "unknown", "unknown"),
        (
            {"senderKeyDistributionMessage": {"groupId": GROUP}},
            "senderKeyDistributionMessage",
            "unknown",
        ),
    ],
)
def test_unknown_content_becomes_an_unsupported_placeholder(
    content, message_type, original
) -> None:
    item = message(upsert(content, messageType=message_type))
    assert (item.type, item.content) == ("unsupported", f"[unsupported: {original}]")
    assert item.details == {"original_type": original, "errors": []}


def test_live_location_is_a_location() -> None:
    live = {
        "liveLocationMessage": {
            "degreesLatitude": -22.9,
            "degreesLongitude": -43.2,
            "caption": "Estou chegando",
        }
    }
    item = message(upsert(live, messageType="liveLocationMessage"))
    assert (item.type, item.content) == ("location", "Estou chegando")
    assert item.details == {
        "latitude": -22.9,
        "longitude": -43.2,
        "name": "",
        "address": "",
        "url": "",
    }


def test_forwarded_many_times_and_ad_referrals_are_in_details() -> None:
    ad = {
        "title": "Promo",
        "body": "Só hoje",
        "sourceUrl": "https://fb.me/x",
        "sourceId": "120",
        "sourceType": "ad",
        "mediaType": "IMAGE",
        "thumbnailUrl": "https://t",
        "ctwaClid": "clid",
    }
    payload = upsert(
        {"conversation": "vi o anúncio"},
        messageType="conversation",
        contextInfo={"isForwarded": True, "forwardingScore": 5, "externalAdReply": ad},
    )
    assert message(payload).details == {
        "frequently_forwarded": True,
        "referral": {
            "source_url": "https://fb.me/x",
            "source_id": "120",
            "source_type": "ad",
            "headline": "Promo",
            "body": "Só hoje",
            "media_type": "IMAGE",
            "thumbnail_url": "https://t",
            "ctwa_clid": "clid",
        },
    }


@pytest.mark.parametrize("remote", ["status@broadcast", "120363999999999999@newsletter"])
def test_stories_and_channels_are_ignored(remote) -> None:
    item = one(
        upsert({"conversation": "x"}, key={"remoteJid": remote, "fromMe": False, "id": "N1"})
    )
    assert isinstance(item, Ignored)


def test_a_bare_lid_chat_keeps_the_lid_as_chat_id() -> None:
    lid = "198765432109876@lid"
    item = message(
        upsert({"conversation": "oi"}, key={"remoteJid": lid, "fromMe": False, "id": "L1"})
    )
    assert item.chat == ChatRef(chat_id=lid)
    assert item.contact == ContactInfo(jid=lid, phone="", name="Maria Silva")


def test_a_baileys_6_lid_chat_takes_the_phone_from_sender_pn() -> None:
    key = {
        "remoteJid": "198765432109876@lid",
        "senderPn": "5531987001122@s.whatsapp.net",
        "fromMe": False,
        "id": "L2",
    }
    item = message(upsert({"conversation": "oi"}, key=key))
    assert item.chat == ChatRef(
        chat_id="5531987001122@s.whatsapp.net", alt_chat_id="198765432109876@lid"
    )


@pytest.mark.parametrize(
    ("key", "sender"),
    [
        (
            {
                "participant": "5547999990000@s.whatsapp.net",
                "participantLid": "141300000000001@lid",
            },
            "5547999990000@s.whatsapp.net",
        ),
        (
            {"participant": "141300000000001@lid", "senderPn": "5547999990000@s.whatsapp.net"},
            "5547999990000@s.whatsapp.net",
        ),
        ({"participant": "141300000000001@lid"}, "141300000000001@lid"),
    ],
)
def test_a_group_sender_is_a_phone_jid_whenever_the_key_has_one(key, sender) -> None:
    item = message(
        upsert(
            {"conversation": "oi"},
            key={"remoteJid": GROUP, "fromMe": False, "id": "G1", **key},
            pushName="Paula",
        )
    )
    assert (item.sender, item.sender_name, item.contact) == (sender, "Paula", None)
    assert item.chat.is_group


def test_our_own_group_message_has_no_sender_name_from_our_push_name() -> None:
    key = {
        "remoteJid": GROUP,
        "fromMe": True,
        "id": "G2",
        "participant": "5511940001234@s.whatsapp.net",
    }
    item = message(
        upsert({"conversation": "bom dia"}, key=key, pushName="Loja Centro", status="SERVER_ACK")
    )
    assert (item.from_me, item.origin, item.sender_name, item.contact, item.status) == (
        True,
        "phone",
        "",
        None,
        "sent",
    )


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        ("PENDING", "pending"),
        ("SERVER_ACK", "sent"),
        ("DELIVERY_ACK", "delivered"),
        ("READ", "read"),
        ("PLAYED", "read"),
        ("ERROR", "failed"),
        (3, "delivered"),
        ("DELETED", None),
        (None, None),
    ],
)
def test_our_messages_map_the_evolution_status(status, expected) -> None:
    key = {"remoteJid": MARIA, "fromMe": True, "id": "S1"}
    assert message(upsert({"conversation": "x"}, key=key, status=status)).status == expected


@pytest.mark.parametrize("status", ["DELIVERY_ACK", "READ", None])
def test_inbound_messages_carry_no_status(status) -> None:
    assert message(upsert({"conversation": "x"}, status=status)).status is None


@pytest.mark.parametrize(
    ("timestamp", "expected"),
    [
        (1751371210, SENT_AT),
        ("1751371210", SENT_AT),
        ({"low": 1751371210, "high": 0, "unsigned": False}, SENT_AT),
        (None, RECEIVED),
        ("garbled", RECEIVED),
    ],
)
def test_the_message_time_reads_every_int64_spelling_and_falls_back_to_receipt(
    timestamp, expected
) -> None:
    payload = upsert({"conversation": "x"}, messageTimestamp=timestamp)
    payload["date_time"] = "2025-07-01T09:00:11.123Z"
    assert message(payload).timestamp == expected


def test_a_message_without_timestamp_key_uses_the_receipt_time() -> None:
    payload = upsert({"conversation": "x"})
    del payload["data"]["messageTimestamp"]
    assert message(payload).timestamp == RECEIVED


def test_a_list_of_records_gives_one_item_each_in_order() -> None:
    first, second = upsert({"conversation": "um"})["data"], upsert({"conversation": "dois"})["data"]
    second = {**second, "key": {"remoteJid": MARIA, "fromMe": False, "id": "SECOND"}}
    items = parse_payload(
        {"event": "messages.upsert", "instance": "loja-centro", "data": [first, second]}
    )
    assert [
        (i.provider_message_id, i.content) for i in items if isinstance(i, IncomingMessage)
    ] == [
        ("3AINLINE0000000000001", "um"),
        ("SECOND", "dois"),
    ]


@pytest.mark.parametrize(
    "data",
    [
        None,
        "texto",
        42,
        [],
        {},
        {"key": None},
        {"key": {"remoteJid": MARIA}},
        {"key": {"id": "X"}},
        {"key": {"remoteJid": MARIA, "id": "X"}, "message": "texto"},
        {"key": {"remoteJid": 5, "id": ["X"]}},
        [None, {"key": "x"}],
        {"key": {"remoteJid": MARIA, "id": "X"}, "message": {"imageMessage": "not an object"}},
        {"key": {"remoteJid": MARIA, "id": "X"}, "message": {"reactionMessage": {"key": "x"}}},
        {
            "key": {"remoteJid": MARIA, "id": "X"},
            "message": {"contactsArrayMessage": {"contacts": "x"}},
        },
    ],
)
def test_odd_records_inside_a_valid_envelope_never_raise(data) -> None:
    items = parse_payload({"event": "messages.upsert", "instance": "loja-centro", "data": data})
    assert items
    assert all(isinstance(i, IncomingMessage | Ignored) for i in items)
