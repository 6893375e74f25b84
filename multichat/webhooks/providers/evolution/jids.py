"""WhatsApp jids in Evolution keys: which chat a message belongs to and who wrote it.

A person has up to two ids: the phone jid (`5511...@s.whatsapp.net`) and WhatsApp's
privacy id (`...@lid`). Baileys 7 (Evolution >= 2.3.3) puts the other one in
`remoteJidAlt` / `participantAlt`; Baileys 6 used `senderPn` / `participantPn`. The phone
jid is the preferred chat id, so a chat that starts as `@lid` and later shows its phone
stays one chat: the ingest service merges on either id.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from multichat.chats.inbound import ChatRef, ContactInfo
from multichat.webhooks.providers.evolution.values import text

PHONE_SUFFIXES = ("@s.whatsapp.net", "@c.us")
LID_SUFFIX = "@lid"
GROUP_SUFFIX = "@g.us"
# Stories (`status@broadcast`), broadcast lists and channels are not inbox chats.
NOT_A_CHAT_SUFFIXES = ("@broadcast", "@newsletter")


def is_phone_jid(jid: str) -> bool:
    return jid.endswith(PHONE_SUFFIXES)


def is_lid(jid: str) -> bool:
    return jid.endswith(LID_SUFFIX)


def is_group(jid: str) -> bool:
    return jid.endswith(GROUP_SUFFIX)


def is_not_a_chat(jid: str) -> bool:
    """True for status broadcasts, broadcast lists and newsletters (channels)."""
    return jid.endswith(NOT_A_CHAT_SUFFIXES)


def phone_of(jid: str) -> str:
    """The digits of a phone jid (device suffix `:12` dropped); "" for any other jid."""
    if not is_phone_jid(jid):
        return ""
    return jid.split("@", 1)[0].split(":", 1)[0]


def chat_ref_of(key: dict[str, Any]) -> ChatRef:
    """The chat of a message key: groups by their `@g.us` id, people by phone jid first.

    `@lid` + phone alt -> chat_id = phone jid, alt = lid; phone + lid alt -> the same;
    a bare `@lid` stays the chat id until a later message reveals the phone.
    """
    remote = text(key.get("remoteJid"))
    if is_group(remote):
        return ChatRef(chat_id=remote, is_group=True)
    alts = [text(key.get(name)) for name in ("remoteJidAlt", "senderPn", "senderLid")]
    if is_lid(remote):
        phone = next((jid for jid in alts if is_phone_jid(jid)), "")
        return ChatRef(chat_id=phone, alt_chat_id=remote) if phone else ChatRef(chat_id=remote)
    lid = next((jid for jid in alts if is_lid(jid)), "")
    return ChatRef(chat_id=remote, alt_chat_id=lid)


def group_sender_of(key: dict[str, Any]) -> str:
    """The author of a group message: a phone jid when any key field has one, else the lid.

    Baileys 7 keys carry `participant` (often `@lid`) and `participantAlt` (phone);
    Baileys 6 keys carried `participant` plus `participantPn`/`senderPn`/`participantLid`.
    """
    names = ("participantAlt", "participant", "participantPn", "senderPn")
    candidates = [text(key.get(name)) for name in names]
    phone = next((jid for jid in candidates if is_phone_jid(jid)), "")
    if phone:
        return phone
    lid_names = ("participant", "participantAlt", "participantLid", "senderLid")
    return next((text(key.get(name)) for name in lid_names if text(key.get(name))), "")


@dataclass(frozen=True)
class Author:
    """Who wrote a message and what we learn about the person on the other side."""

    sender: str
    sender_name: str
    contact: ContactInfo | None


def author_of(chat: ChatRef, key: dict[str, Any], push_name: str, *, from_me: bool) -> Author:
    """Sender fields and 1:1 contact facts of a message in `chat`.

    `pushName` names the customer only on their own 1:1 messages: on `fromMe` messages it
    is our own profile name (or the literal "Você"), and in groups it is the participant,
    which must never name the group, so groups carry no contact.
    """
    if chat.is_group:
        if from_me:
            return Author(sender="", sender_name="", contact=None)
        return Author(sender=group_sender_of(key), sender_name=push_name, contact=None)
    contact = ContactInfo(
        jid=chat.chat_id,
        alt_jid=chat.alt_chat_id,
        phone=phone_of(chat.chat_id),
        name="" if from_me else push_name,
    )
    if from_me:
        return Author(sender="", sender_name="", contact=contact)
    return Author(sender=chat.chat_id, sender_name=push_name, contact=contact)
