"""The fixtures written for this adapter (fixtures/README.md), one test each."""

from __future__ import annotations

from datetime import UTC, datetime

from multichat.chats.inbound import (
    ChatRef,
    ContactInfo,
    Ignored,
    IncomingMessage,
    MediaInfo,
)

from .helpers import JOAO, JOAO_LID, MARIA, MARIA_LID, load, parse, parse_one

VCARD_CARLOS = (
    "BEGIN:VCARD\nVERSION:3.0\nN:Entregas;Carlos;;;\nFN:Carlos Entregas\n"
    "ORG:Rápido Entregas;\nitem1.TEL;waid=5511976543210:+55 11 97654-3210\n"
    "item1.X-ABLabel:Celular\nEMAIL;type=INTERNET:carlos@rapido.example.com\nEND:VCARD"
)
CARLOS_CARD = {
    "name": "Carlos Entregas",
    "phones": [{"phone": "+55 11 97654-3210", "wa_id": "5511976543210", "type": "Celular"}],
    "emails": ["carlos@rapido.example.com"],
    "org": "Rápido Entregas",
    "vcard": VCARD_CARLOS,
}


def _message(name: str) -> IncomingMessage:
    item = parse_one(name)
    assert isinstance(item, IncomingMessage), item
    return item


def test_lid_chat_prefers_the_phone_jid_and_keeps_the_lid_as_alternate() -> None:
    assert _message("messages_upsert_lid_chat.json") == IncomingMessage(
        provider_message_id="2A9F0B1C3D5E7F8091A2",
        chat=ChatRef(chat_id="5531987001122@s.whatsapp.net", alt_chat_id="198765432109876@lid"),
        from_me=False,
        origin="customer",
        type="text",
        timestamp=datetime(2025, 7, 1, 12, 30, tzinfo=UTC),
        content="Bom dia! Ainda tem a bolsa caramelo?",
        sender="5531987001122@s.whatsapp.net",
        sender_name="Ana Paula",
        contact=ContactInfo(
            jid="5531987001122@s.whatsapp.net",
            alt_jid="198765432109876@lid",
            phone="5531987001122",
            name="Ana Paula",
        ),
    )


def test_legacy_v1_extended_text_is_text_with_its_reply_target() -> None:
    item = _message("messages_upsert_text_legacy_v1.json")
    assert item == IncomingMessage(
        provider_message_id="3AD4C5B6A7980F1E2D3C",
        chat=ChatRef(chat_id=MARIA),
        from_me=False,
        origin="customer",
        type="text",
        timestamp=datetime(2025, 7, 1, 12, 35, tzinfo=UTC),
        content="Pode ser às 15h?",
        sender=MARIA,
        sender_name="Maria Silva",
        contact=ContactInfo(jid=MARIA, phone="5511987654321", name="Maria Silva"),
        reply_to="3EB0C5A2F1D4E6B7A8C9D0",
        status=None,
    )


def test_legacy_v2_2_image_reads_base64_bytes_numeric_strings_and_the_s3_url() -> None:
    payload = load("messages_upsert_image_legacy_v2_2.json")
    image = payload["data"]["message"]["imageMessage"]
    item = _message("messages_upsert_image_legacy_v2_2.json")
    assert item.provider_message_id == "3A1122AABBCCDDEEFF00"
    assert item.timestamp == datetime(2025, 7, 1, 12, 40, tzinfo=UTC)
    assert (item.type, item.content) == ("image", "Tem no tamanho M?")
    assert item.media == MediaInfo(
        mime_type="image/jpeg",
        sha256=image["fileSha256"],
        size=120587,
        url=payload["data"]["message"]["mediaUrl"],
    )
    assert item.details == {"forwarded": True}


def test_location_has_coordinates_and_name_with_address_as_text() -> None:
    item = _message("messages_upsert_location.json")
    address = "Av. Paulista, 1578 - Bela Vista, São Paulo - SP"
    assert (item.provider_message_id, item.type) == ("3A5566778899AABBCCDD", "location")
    assert item.content == f"MASP, {address}"
    assert item.details == {
        "latitude": -23.5613991,
        "longitude": -46.6565712,
        "name": "MASP",
        "address": address,
        "url": "https://maps.google.com/?q=-23.5613991,-46.6565712",
    }
    assert item.media is None
    assert item.timestamp == datetime(2025, 7, 1, 12, 55, tzinfo=UTC)


def test_shared_contact_reads_the_vcard_phones_with_their_whatsapp_ids() -> None:
    item = _message("messages_upsert_contact.json")
    assert (item.provider_message_id, item.type) == ("3A6677889900AABBCCDE", "contacts")
    assert item.content == "Carlos Entregas +55 11 97654-3210"
    assert item.details == {"contacts": [CARLOS_CARD]}
    assert item.timestamp == datetime(2025, 7, 1, 13, 0, tzinfo=UTC)


def test_contacts_array_lists_every_card() -> None:
    item = _message("messages_upsert_contacts_array.json")
    assert (item.provider_message_id, item.type) == ("3A77889900AABBCCDDEF", "contacts")
    assert item.content == "Carlos Entregas +55 11 97654-3210; Loja Centro +55 11 94000-1234"
    assert item.details is not None
    cards = item.details["contacts"]
    assert cards[0] == CARLOS_CARD
    assert cards[1]["name"] == "Loja Centro"
    assert cards[1]["phones"] == [
        {"phone": "+55 11 94000-1234", "wa_id": "5511940001234", "type": "CELL"}
    ]
    assert (cards[1]["emails"], cards[1]["org"]) == ([], "")
    assert item.timestamp == datetime(2025, 7, 1, 13, 1, tzinfo=UTC)


def test_document_has_caption_as_text_and_the_file_name() -> None:
    item = _message("messages_upsert_document.json")
    assert (item.provider_message_id, item.type, item.content) == (
        "3A8899AABBCCDDEEFF01",
        "document",
        "Comprovante",
    )
    assert item.chat == ChatRef(chat_id=JOAO, alt_chat_id=JOAO_LID)
    assert item.media is not None
    assert (item.media.filename, item.media.mime_type, item.media.size) == (
        "comprovante-pix.pdf",
        "application/pdf",
        48213,
    )
    assert item.timestamp == datetime(2025, 7, 1, 13, 5, tzinfo=UTC)


def test_sticker_is_media_without_text() -> None:
    item = _message("messages_upsert_sticker.json")
    assert (item.provider_message_id, item.type, item.content) == (
        "3A99AABBCCDDEEFF0012",
        "sticker",
        "",
    )
    assert item.media is not None
    assert (item.media.mime_type, item.media.size, item.media.animated) == (
        "image/webp",
        21874,
        False,
    )
    assert item.timestamp == datetime(2025, 7, 1, 13, 10, tzinfo=UTC)


def test_poll_is_stored_as_an_unsupported_placeholder() -> None:
    item = _message("messages_upsert_poll.json")
    assert (item.provider_message_id, item.type) == ("3AAABBCCDDEEFF001122", "unsupported")
    assert item.content == "[unsupported: pollCreationMessageV3]"
    assert item.details == {"original_type": "pollCreationMessageV3", "errors": []}
    assert item.timestamp == datetime(2025, 7, 1, 13, 15, tzinfo=UTC)


def test_upper_case_event_variant_parses_like_the_dotted_one() -> None:
    item = _message("messages_upsert_text_uppercase_event.json")
    assert item == IncomingMessage(
        provider_message_id="AD4E5F60718293A4B5C6D7E8F9001122",
        chat=ChatRef(chat_id=MARIA, alt_chat_id=MARIA_LID),
        from_me=False,
        origin="customer",
        type="text",
        timestamp=datetime(2025, 7, 1, 13, 20, tzinfo=UTC),
        content="Obrigada, até amanhã!",
        sender=MARIA,
        sender_name="Maria Silva",
        contact=ContactInfo(
            jid=MARIA, alt_jid=MARIA_LID, phone="5511987654321", name="Maria Silva"
        ),
    )


def test_qrcode_updates_are_acknowledged_and_ignored() -> None:
    assert parse("qrcode_updated.json") == [
        Ignored(reason="evolution event qrcode.updated not handled")
    ]
