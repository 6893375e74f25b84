"""The copied sample deliveries of messages.upsert / send.message, item by item (INDEX.md)."""

from __future__ import annotations

from datetime import UTC, datetime

from multichat.chats.inbound import (
    ChatRef,
    ContactInfo,
    Ignored,
    IncomingMessage,
    MediaInfo,
    ReactionChange,
)

from .helpers import GROUP, JOAO, JOAO_LID, MARIA, MARIA_LID, load, parse, parse_one

MARIA_CHAT = ChatRef(chat_id=MARIA, alt_chat_id=MARIA_LID)
MARIA_CONTACT = ContactInfo(jid=MARIA, alt_jid=MARIA_LID, phone="5511987654321", name="Maria Silva")


def test_inbound_text_is_a_customer_message_with_the_message_timestamp() -> None:
    assert parse_one("messages_upsert_text.json") == IncomingMessage(
        provider_message_id="AC3F1E2D4B5A69788796A5B4C3D2E1F0",
        chat=MARIA_CHAT,
        from_me=False,
        origin="customer",
        type="text",
        timestamp=datetime(2025, 7, 1, 12, 0, 10, tzinfo=UTC),
        content="Olá! Vocês abrem domingo?",
        sender=MARIA,
        sender_name="Maria Silva",
        contact=MARIA_CONTACT,
        status=None,
    )


def test_the_message_time_never_comes_from_date_time() -> None:
    """`date_time` is São Paulo wall-clock time with a `Z`: 3 h behind the real instant."""
    payload = load("messages_upsert_text.json")
    assert payload["date_time"] == "2025-07-01T09:00:11.123Z"
    item = parse_one("messages_upsert_text.json")
    assert isinstance(item, IncomingMessage)
    assert item.timestamp.isoformat() == "2025-07-01T12:00:10+00:00"


def test_image_with_caption_carries_media_from_the_2_3_6_byte_and_long_objects() -> None:
    item = parse_one("messages_upsert_image_caption.json")
    assert item == IncomingMessage(
        provider_message_id="3A7F19C2D4E6B8A0C1E3",
        chat=MARIA_CHAT,
        from_me=False,
        origin="customer",
        type="image",
        timestamp=datetime(2025, 7, 1, 12, 10, 10, tzinfo=UTC),
        content="Esse modelo em azul",
        sender=MARIA,
        sender_name="Maria Silva",
        contact=MARIA_CONTACT,
        media=MediaInfo(
            mime_type="image/jpeg",
            sha256="y9+iPz1vtHvBd97SF8tykil0bx+PyeqlnDyH2/GRNRY=",
            size=184233,
            url=load("messages_upsert_image_caption.json")["data"]["message"]["imageMessage"][
                "url"
            ],
        ),
    )


def test_group_image_has_the_participant_as_sender_and_no_contact() -> None:
    item = parse_one("messages_upsert_group_image.json")
    assert isinstance(item, IncomingMessage)
    assert item.provider_message_id == "3EB0A9F8E7D6C5B4A39281"
    assert item.chat == ChatRef(chat_id=GROUP, is_group=True)
    assert (item.sender, item.sender_name) == (JOAO, "João Souza")
    assert item.contact is None
    assert (item.from_me, item.origin, item.type, item.content) == (False, "customer", "image", "")
    assert item.media is not None
    assert (item.media.mime_type, item.media.size) == ("image/jpeg", 95310)
    assert item.timestamp == datetime(2025, 7, 1, 12, 11, 40, tzinfo=UTC)


def test_voice_note_is_audio_with_voice_seconds_and_the_inline_file() -> None:
    payload = load("messages_upsert_audio_ptt_base64.json")
    item = parse_one("messages_upsert_audio_ptt_base64.json")
    assert item == IncomingMessage(
        provider_message_id="5C0D3E2F1A4B9C8D7E6F5A4B3C2D1E0F",
        chat=ChatRef(chat_id=JOAO, alt_chat_id=JOAO_LID),
        from_me=False,
        origin="customer",
        type="audio",
        timestamp=datetime(2025, 7, 1, 12, 13, 40, tzinfo=UTC),
        content="",
        sender=JOAO,
        sender_name="João Souza",
        contact=ContactInfo(jid=JOAO, alt_jid=JOAO_LID, phone="5521998877665", name="João Souza"),
        media=MediaInfo(
            mime_type="audio/ogg; codecs=opus",
            sha256="xtx9FNf4Wb6NvEb1wvGL94BAquQHQRdKJPagCqmio4s=",
            size=14872,
            seconds=7,
            voice=True,
            url=payload["data"]["message"]["audioMessage"]["url"],
            inline_base64="T2dnUwACAAAAAAAAAABdTrQ1AAAAAKq0Tm8BE09wdXNIZWFkAQE4AYA+AAAAAAA=",
        ),
    )
    assert isinstance(item, IncomingMessage) and item.media is not None
    assert item.media.inline_base64 == payload["data"]["message"]["base64"]


def test_reaction_changes_its_target_instead_of_making_a_bubble() -> None:
    assert parse_one("messages_upsert_reaction.json") == ReactionChange(
        chat=MARIA_CHAT,
        target_provider_message_id="3EB0C5A2F1D4E6B7A8C9D0",
        sender=MARIA,
        from_me=False,
        emoji="❤️",
        timestamp=datetime(2025, 7, 1, 12, 17, 5, tzinfo=UTC),
        provider_message_id="7E6D5C4B3A29180716253443526170FF",
    )


def test_a_message_typed_on_the_phone_is_ours_and_never_names_the_contact() -> None:
    assert parse_one("messages_upsert_from_me_phone.json") == IncomingMessage(
        provider_message_id="3A9C8B7A6F5E4D3C2B1A",
        chat=MARIA_CHAT,
        from_me=True,
        origin="phone",
        type="text",
        timestamp=datetime(2025, 7, 1, 12, 25, tzinfo=UTC),
        content="Oi Maria, separei o azul pra você 😉",
        contact=ContactInfo(jid=MARIA, alt_jid=MARIA_LID, phone="5511987654321", name=""),
        status="sent",
    )


def test_status_broadcast_is_ignored() -> None:
    items = parse("messages_upsert_status_broadcast.json")
    assert len(items) == 1
    assert isinstance(items[0], Ignored)
    assert "status@broadcast" in items[0].reason


def test_send_message_is_an_api_message_pending_without_contact_name() -> None:
    assert parse_one("send_message_text.json") == IncomingMessage(
        provider_message_id="3EB0C5A2F1D4E6B7A8C9D0",
        chat=ChatRef(chat_id=MARIA),
        from_me=True,
        origin="api",
        type="text",
        timestamp=datetime(2025, 7, 1, 12, 3, 20, tzinfo=UTC),
        content="Temos horário amanhã, qual prefere?",
        contact=ContactInfo(jid=MARIA, phone="5511987654321", name=""),
        status="pending",
    )
