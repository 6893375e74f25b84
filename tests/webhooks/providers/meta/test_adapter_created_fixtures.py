"""The Meta adapter against the fixtures written from NOTES.md §2 (the cases the shared
samples do not cover): BSUIDs, forwarding, stickers, contact cards, removed reactions,
list/template replies, failed and out-of-order statuses, value-level errors, business-app
echoes, edits/revokes, unknown fields and types. Each parses to exactly these items."""

from __future__ import annotations

from typing import Any

import pytest

from multichat.chats.inbound import (
    ChatRef,
    ContactInfo,
    Ignored,
    IncomingMessage,
    MediaInfo,
    MessageDeletion,
    MessageEdit,
    ReactionChange,
    StatusUpdate,
)
from multichat.webhooks.providers.meta import MetaChannelBatch, parse_meta_payload
from tests.webhooks.providers.meta.helpers import (
    CHANNEL,
    JOAO,
    MARIA,
    MARIA_CHAT,
    OUR_NUMBER,
    at,
    from_joao,
    from_maria,
    load_fixture,
)

LOOKASIDE = "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid="
BSUID = "BR.1502576394655843"
WAMID_MARIA = "wamid.HBgNNTUxMTk4NzY1NDMyMRUCAB"
WAMID_JOAO = "wamid.HBgNNTUyMTk5ODg3NzY2NRUCAB"
ECHOED = f"{WAMID_MARIA}EYEkUxQjJDM0Q0RTVGNkE3QjhDOQA="
OUT_A = f"{WAMID_MARIA}EYEkE4MUMzRTVGN0EyQjRENkU4MAA="

CREATED: dict[str, list[MetaChannelBatch]] = {}


def single(name: str, *items: Any) -> None:
    CREATED[name] = [MetaChannelBatch(phone_number_id=CHANNEL, items=list(items))]


single(
    "text_message_bsuid.json",
    from_maria(
        f"{WAMID_MARIA}IYFDNBQjVEMUEwQzNFMkY0QTZCOEM5AA==",
        "text",
        "2025-07-01T12:40:00Z",
        content="Oi, é a Maria pelo app novo",
        chat=ChatRef(chat_id=MARIA, alt_chat_id=BSUID),
        contact=ContactInfo(jid=MARIA, alt_jid=BSUID, phone=MARIA, name="Maria Silva"),
    ),
)
single(
    "text_message_bsuid_no_phone.json",
    from_maria(
        f"{WAMID_MARIA}IYFDNBQjZFMkIxRDRGM0E1QjdDOUQwAA==",
        "text",
        "2025-07-01T12:41:00Z",
        content="Agora sem mostrar meu número",
        chat=ChatRef(chat_id=BSUID),
        contact=ContactInfo(jid=BSUID, name="Maria Silva"),
        sender=BSUID,
    ),
)
single(
    "video_message_forwarded.json",
    from_maria(
        f"{WAMID_MARIA}IYFDNBQzFBMkIzQzRENUU2RjdBOEI5AA==",
        "video",
        "2025-07-01T12:42:00Z",
        content="Olha esse vídeo da loja",
        media=MediaInfo(
            media_id="2233445566778899",
            mime_type="video/mp4",
            sha256="k3Jb0eJ8g3i8y1y2mWq0B1e7XH1c3mJz3k0Zc0v8p2Q=",
            url=f"{LOOKASIDE}2233445566778899&ext=1751373720&hash=AT1f0c2d3e4a5b6c7d8e9f00",
        ),
        details={"forwarded": True},
    ),
)
single(
    "sticker_message.json",
    from_maria(
        f"{WAMID_MARIA}IYFDNBQzJCM0M0RDVFNkY3QThCOUMwAA==",
        "sticker",
        "2025-07-01T12:43:00Z",
        content="",
        media=MediaInfo(
            media_id="7788990011223344",
            mime_type="image/webp",
            sha256="p7Wq2v9Yh5rG0cT1mX6nB3aL8kE4sD2fJ9uZ0oI1yQc=",
            animated=True,
            url=f"{LOOKASIDE}7788990011223344&ext=1751373780&hash=AT2a3b4c5d6e7f8091a2b3c4",
        ),
    ),
)
single(
    "contacts_message.json",
    from_maria(
        f"{WAMID_MARIA}IYFDNBQzNDNEQ1RTZGN0E4QjlDMEQxAA==",
        "contacts",
        "2025-07-01T12:44:00Z",
        content="Carlos Pereira +55 11 91234-5678; Ana Lima +55 21 99876-5432",
        details={
            "contacts": [
                {
                    "name": "Carlos Pereira",
                    "phones": [
                        {"phone": "+55 11 91234-5678", "wa_id": "5511912345678", "type": "CELL"},
                        {"phone": "+55 11 3456-7890", "wa_id": "", "type": "WORK"},
                    ],
                    "emails": ["carlos@oficinapereira.com.br"],
                    "org": "Oficina Pereira",
                    "vcard": "",
                },
                {
                    "name": "Ana Lima",
                    "phones": [{"phone": "+55 21 99876-5432", "wa_id": "", "type": "MOBILE"}],
                    "emails": [],
                    "org": "",
                    "vcard": "",
                },
            ]
        },
    ),
)
single(
    "reaction_removed.json",
    ReactionChange(
        chat=MARIA_CHAT,
        target_provider_message_id=f"{WAMID_MARIA}EYEkI2Rjk1MEQ0RTc4NjFBMzdFRAA=",
        sender=MARIA,
        from_me=False,
        emoji="",
        timestamp=at("2025-07-01T12:45:00Z"),
        provider_message_id=f"{WAMID_MARIA}IYFDNBQzRENUU2RjdBOEI5QzBEMUUyAA==",
    ),
)
single(
    "interactive_list_reply.json",
    from_maria(
        f"{WAMID_MARIA}IYFDNBQzVFNkY3QThCOUMwRDFFMkYzAA==",
        "interactive",
        "2025-07-01T12:46:00Z",
        content="Quarta 14h",
        details={
            "kind": "list_reply",
            "payload": "slot-2025-07-02-14h",
            "title": "Quarta 14h",
            "description": "Unidade Paulista",
        },
        reply_to=f"{WAMID_MARIA}EYEkQ1MkU5RjFCMDNBOEM0NkQyMQA=",
    ),
)
single(
    "button_template_quick_reply.json",
    from_maria(
        f"{WAMID_MARIA}IYFDNBQzZGN0E4QjlDMEQxRTJGM0E0AA==",
        "interactive",
        "2025-07-01T12:47:00Z",
        content="Parar promoções",
        details={
            "kind": "button",
            "payload": "STOP_PROMOS",
            "title": "Parar promoções",
            "description": "",
        },
        reply_to=f"{WAMID_MARIA}EYEkU2M0ZBMDJDMTRCOUQ1N0UzMgA=",
    ),
)
single(
    "status_failed.json",
    StatusUpdate(
        provider_message_id=f"{WAMID_JOAO}EYEkY3NDBCMTNEMjVDQUU2OEY0MwA=",
        status="failed",
        timestamp=at("2025-07-01T12:48:00Z"),
        chat_id=JOAO,
        error={
            "code": 131047,
            "title": "Re-engagement message",
            "message": "Re-engagement message",
            "details": "Message failed to send because more than 24 hours have passed since "
            "the customer last replied to this number.",
        },
    ),
)
CREATED["batch_multi_entry_out_of_order_statuses.json"] = [
    MetaChannelBatch(
        phone_number_id=CHANNEL,
        items=[
            StatusUpdate(OUT_A, "read", at("2025-07-01T12:50:10Z"), chat_id=MARIA),
            StatusUpdate(OUT_A, "delivered", at("2025-07-01T12:50:05Z"), chat_id=MARIA),
        ],
    ),
    MetaChannelBatch(
        phone_number_id="110000000000002",
        items=[
            from_joao(
                f"{WAMID_JOAO}IYFDNBRDFBMkIzQzRENUU2RjdBOEI5AA==",
                "text",
                "2025-07-01T12:50:00Z",
                content="Chegou certinho, obrigado!",
            ),
            StatusUpdate(
                f"{WAMID_JOAO}EYEkI5MkQ0RjZBOEIzQzVFN0Y5MQA=",
                "sent",
                at("2025-07-01T12:50:12Z"),
                chat_id=JOAO,
            ),
        ],
    ),
]
single(
    "message_with_value_errors.json",
    from_maria(
        f"{WAMID_MARIA}IYFDNBQzdBOEI5QzBEMUUyRjNBNEI1AA==",
        "unsupported",
        "2025-07-01T12:51:00Z",
        content="[unsupported: interactive]",
        details={
            "original_type": "interactive",
            "errors": [
                {
                    "code": 131000,
                    "title": "Something went wrong",
                    "message": "Something went wrong",
                    "details": "Unsupported webhook payload",
                }
            ],
        },
    ),
)
single(
    "smb_message_echoes.json",
    IncomingMessage(
        provider_message_id=ECHOED,
        chat=MARIA_CHAT,
        from_me=True,
        origin="phone",
        type="text",
        timestamp=at("2025-07-01T12:52:00Z"),
        content="Oi Maria, separei o azul pra você",
        sender=OUR_NUMBER,
        sender_name="",
        contact=ContactInfo(jid=MARIA, phone=MARIA),
        status="sent",
    ),
    MessageEdit(
        provider_message_id=ECHOED,
        content="Oi Maria, separei o azul e o verde pra você",
        edited_at=at("2025-07-01T12:52:30Z"),
        chat_id=MARIA,
    ),
    MessageDeletion(
        provider_message_id=f"{WAMID_MARIA}EYEkUwQTFCMkMzRDRFNUY2QTdCOAA=",
        deleted_at=at("2025-07-01T12:53:00Z"),
        chat_id=MARIA,
    ),
)
single("unknown_field.json", Ignored(reason="meta field user_preferences not handled"))
single(
    "location_current_pin.json",
    from_maria(
        f"{WAMID_MARIA}IYFDNBQzhCOUMwRDFFMkYzQTRCNUM2AA==",
        "location",
        "2025-07-01T12:55:00Z",
        content="",
        details={
            "latitude": -23.5505199,
            "longitude": -46.6333094,
            "name": "",
            "address": "",
            "url": "",
        },
    ),
)
single(
    "system_message.json",
    from_maria(
        f"{WAMID_MARIA}IYFDNBQzlDMEQxRTJGM0E0QjVDNkQ3AA==",
        "unsupported",
        "2025-07-01T12:56:00Z",
        content="[unsupported: system]",
        details={"original_type": "system", "errors": []},
    ),
)
single(
    "customer_edit_and_revoke.json",
    MessageEdit(
        provider_message_id=f"{WAMID_MARIA}IYFDNBMUI5RDc3RTBDMkY0QTg1NTIwAA==",
        content="Esse modelo em verde",
        edited_at=at("2025-07-01T12:57:00Z"),
        chat_id=MARIA,
    ),
    MessageDeletion(
        provider_message_id=f"{WAMID_MARIA}IYFDNBNkMxRjBFOEQyQjRBNTk3MzExAA==",
        deleted_at=at("2025-07-01T12:58:00Z"),
        chat_id=MARIA,
    ),
)
single(
    "text_message_from_ad_referral.json",
    from_joao(
        f"{WAMID_JOAO}IYFDNBRDJCM0M0RDVFNkY3QThCOUMwAA==",
        "text",
        "2025-07-01T12:59:00Z",
        content="Quero saber mais sobre a promoção",
        details={
            "referral": {
                "source_url": "https://fb.me/3cr4Wqqkv",
                "source_id": "120210000000000001",
                "source_type": "ad",
                "headline": "Promoção de julho",
                "body": "Fale com a gente no WhatsApp",
                "media_type": "image",
                "image_url": "https://scontent.xx.fbcdn.net/v/t45.1600-4/invented.png",
                "ctwa_clid": "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDBH0CD3qpjd0HR4irJ6LEkR7JwFF4Xvn"
                "O2E4Nx0-eM-GABDLOPaOdRMv-_zfUQ2a",
            }
        },
    ),
)
single(
    "status_played_and_deleted.json",
    StatusUpdate(
        f"{WAMID_MARIA}EYEkM3QTVEMkU5RjBCMUM0QTYzOAA=",
        "read",
        at("2025-07-01T13:00:00Z"),
        chat_id=MARIA,
    ),
    Ignored(reason="meta status deleted not handled"),
    Ignored(reason="meta status warning not handled"),
)


@pytest.mark.parametrize("name", sorted(CREATED))
def test_each_created_fixture_parses_to_its_documented_items(name):
    assert parse_meta_payload(load_fixture(name)) == CREATED[name]


def test_a_read_listed_before_its_delivered_keeps_both_in_payload_order_with_own_times():
    batches = parse_meta_payload(load_fixture("batch_multi_entry_out_of_order_statuses.json"))
    statuses = [item for item in batches[0].items if isinstance(item, StatusUpdate)]
    assert [(s.status, s.timestamp.isoformat()) for s in statuses] == [
        ("read", "2025-07-01T12:50:10+00:00"),
        ("delivered", "2025-07-01T12:50:05+00:00"),
    ]
