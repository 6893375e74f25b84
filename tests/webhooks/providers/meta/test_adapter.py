"""The Meta adapter against the shared sample payloads: each fixture of INDEX.md parses to
exactly the normalized items INDEX.md expects (ids, chat, direction, type, text, time...)."""

from __future__ import annotations

from typing import Any

import pytest

from multichat.chats.inbound import MediaInfo, ReactionChange, StatusUpdate
from multichat.webhooks.providers.meta import MetaChannelBatch, parse_meta_payload
from tests.webhooks.providers.meta.helpers import (
    CHANNEL,
    MARIA,
    MARIA_CHAT,
    at,
    from_joao,
    from_maria,
    load_fixture,
)

LOOKASIDE = "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid="
OUR_MESSAGE = "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEkI2Rjk1MEQ0RTc4NjFBMzdFRAA="
TEXT_ID = "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBMDI4RjE2QjVBRDFFMjA4OTBGAA=="
TEXT = from_maria(
    TEXT_ID, "text", "2025-07-01T12:00:00Z", content="Olá! Vocês entregam em Campinas?"
)

SAMPLES: dict[str, list[Any]] = {
    "text_message.json": [TEXT],
    "text_message_retry_duplicate.json": [TEXT],
    "text_reply_with_context.json": [
        from_maria(
            "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBNkMxRjBFOEQyQjRBNTk3MzExAA==",
            "text",
            "2025-07-01T12:05:00Z",
            content="Pode ser amanhã à tarde?",
            reply_to=OUR_MESSAGE,
        )
    ],
    "image_message.json": [
        from_maria(
            "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBMUI5RDc3RTBDMkY0QTg1NTIwAA==",
            "image",
            "2025-07-01T12:10:00Z",
            content="Esse modelo em azul",
            media=MediaInfo(
                media_id="1479537139650973",
                mime_type="image/jpeg",
                sha256="DPRX4kpHnwL9TTRUA4n3IPCAfc/5KnViEIFlsmN+qC8=",
                url=f"{LOOKASIDE}1479537139650973&ext=1751371800&hash=AT9d16f595afd30adae0ad02",
            ),
        )
    ],
    "audio_voice_message.json": [
        from_maria(
            "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBNDRFOTAxMkJDN0Q4RjYzQTEwAA==",
            "audio",
            "2025-07-01T12:11:00Z",
            content="",
            media=MediaInfo(
                media_id="1098765432109876",
                mime_type="audio/ogg; codecs=opus",
                sha256="XDEFSgrk+9t6DX9HGhDgikWTLWYvI4UuZyL5GxTyjO0=",
                voice=True,
                url=f"{LOOKASIDE}1098765432109876&ext=1751371860&hash=AT3405d5ef847a3d00832245",
            ),
        )
    ],
    "document_message.json": [
        from_joao(
            "wamid.HBgNNTUyMTk5ODg3NzY2NRUCABIYFDNBN0QyRTZGMUEwQjlDOEQ3RTYwAA==",
            "document",
            "2025-07-01T12:13:00Z",
            content="Comprovante",
            media=MediaInfo(
                media_id="3344556677889900",
                mime_type="application/pdf",
                sha256="uw5PSUQ3lNkB6Jaf8RvREuNCCKDc3w4e7bSAzJs8cpM=",
                filename="comprovante-pix.pdf",
                url=f"{LOOKASIDE}3344556677889900&ext=1751371980&hash=AT23eab888c7ac45d19da092",
            ),
        )
    ],
    "location_message.json": [
        from_maria(
            "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBNUI2QzdEOEU5RjBBMUIyQzMzAA==",
            "location",
            "2025-07-01T12:15:00Z",
            content="MASP, Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200",
            details={
                "latitude": -23.5613991,
                "longitude": -46.6565712,
                "name": "MASP",
                "address": "Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200",
                "url": "https://maps.google.com/?cid=1234567890123456789",
            },
        )
    ],
    "reaction_message.json": [
        ReactionChange(
            chat=MARIA_CHAT,
            target_provider_message_id=OUR_MESSAGE,
            sender=MARIA,
            from_me=False,
            emoji="👍",
            timestamp=at("2025-07-01T12:17:00Z"),
            provider_message_id="wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBMEQxQzJCM0E0RjVFNkQ3Qzg4AA==",
        )
    ],
    "interactive_button_reply.json": [
        from_maria(
            "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBQjFCMkIzQjRCNUI2QjdCOEI5AA==",
            "interactive",
            "2025-07-01T12:19:00Z",
            content="Confirmar",
            details={
                "kind": "button_reply",
                "payload": "confirm-order-8841",
                "title": "Confirmar",
                "description": "",
            },
            reply_to="wamid.HBgNNTUxMTk4NzY1NDMyMRUCABEYEkM0MUQ4RTBBOTJGN0IzNUMxMAA=",
        )
    ],
    "unsupported_message.json": [
        from_maria(
            "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBRTFFMkUzRTRFNUU2RTdFOEU5AA==",
            "unsupported",
            "2025-07-01T12:22:00Z",
            content="[unsupported: poll_creation]",
            details={
                "original_type": "poll_creation",
                "errors": [
                    {
                        "code": 131051,
                        "title": "Message type unknown",
                        "message": "Message type unknown",
                        "details": "Message type is currently not supported.",
                    }
                ],
            },
        )
    ],
    "status_sent.json": [
        StatusUpdate(
            OUR_MESSAGE,
            "sent",
            at("2025-07-01T12:00:30Z"),
            chat_id=MARIA,
            client_ref="inbox-msg-7f3a",  # the send's biz_opaque_callback_data
        )
    ],
    "status_delivered.json": [
        StatusUpdate(OUR_MESSAGE, "delivered", at("2025-07-01T12:00:32Z"), chat_id=MARIA)
    ],
    "status_read.json": [
        StatusUpdate(OUR_MESSAGE, "read", at("2025-07-01T12:04:50Z"), chat_id=MARIA)
    ],
    "batch_two_messages.json": [
        from_maria(
            "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBMTExMTExMTExMTExMTExMUFBAA==",
            "text",
            "2025-07-01T12:33:20Z",
            content="Segue a foto do pedido",
        ),
        from_maria(
            "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBMjIyMjIyMjIyMjIyMjIyMkJCAA==",
            "image",
            "2025-07-01T12:33:21Z",
            content="",
            media=MediaInfo(
                media_id="5566778899001122",
                mime_type="image/jpeg",
                sha256="WgcXy2WWRo6h3/qGAR+bD0lzSNgEIYNbUXmfmutFVkI=",
                url=f"{LOOKASIDE}5566778899001122&ext=1751373201&hash=AT075f56ac44c36c52f43d67",
            ),
        ),
    ],
    "signed_raw_body.json": [
        from_maria(
            "wamid.HBgNNTUxMTk4NzY1NDMyMRUCABIYFDNBNTU1NTU1NTU1NTU1NTU1NUVFAA==",
            "text",
            "2025-07-01T13:08:20Z",
            content="Promoção válida até sábado? 😊",
        )
    ],
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_each_sample_fixture_parses_to_the_items_the_index_expects(name):
    assert parse_meta_payload(load_fixture(name)) == [
        MetaChannelBatch(phone_number_id=CHANNEL, items=SAMPLES[name])
    ]


def test_inbound_messages_leave_the_stored_status_to_the_service():
    for name in ("text_message.json", "image_message.json", "interactive_button_reply.json"):
        (batch,) = parse_meta_payload(load_fixture(name))
        assert [getattr(item, "status", "?") for item in batch.items] == [None]


def test_a_redelivered_message_parses_to_the_same_provider_id_as_the_original():
    first = parse_meta_payload(load_fixture("text_message.json"))
    again = parse_meta_payload(load_fixture("text_message_retry_duplicate.json"))
    assert first == again
    assert first[0].items[0].provider_message_id == TEXT_ID  # type: ignore[union-attr]


def test_timestamps_are_timezone_aware_utc():
    (batch,) = parse_meta_payload(load_fixture("text_message.json"))
    stamp = batch.items[0].timestamp  # type: ignore[union-attr]
    assert stamp.utcoffset() is not None
    assert stamp.isoformat() == "2025-07-01T12:00:00+00:00"
