"""Seed many chats for the demo tenant's Meta number, straight into the database.

Run by the e2e (big-inbox.mjs) with the project's venv and the server's environment
(MULTICHAT_VAR_DIR, DATABASE_URL): `.venv/bin/python frontend/e2e/seed_many_chats.py 5000`.
Prints one JSON line: the chat to look for (the oldest seeded one), where it must sit
in the admin's list, and how long the seed took.

Each chat gets what a real webhook would leave behind (messages_inbound.py): a contact
with name and phone, one inbound message (and, for every third chat, the business's
answer after it), `last_message`, `last_message_at`, `last_activity_at`,
`message_count` and `inbound_count`. Three chats in four are already read by `admin`.

The numbers are fixed (a seeded generator, on area codes the e2e's own random numbers
never use), so a rerun on a kept PostgreSQL database deletes the earlier seed and
writes it again. The seeded chats are 7 to ~49 days old, 12 minutes apart: below
everything the e2e creates through webhooks (at most 4 days old), and below anything
older an earlier run left on a kept database, so the oldest seeded chat is the list's last.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Min, OuterRef, Q, Subquery  # noqa: E402
from django.utils import timezone  # noqa: E402

from multichat.chats.models import Chat, ChatReadState, Contact, Message  # noqa: E402
from multichat.tenants.models import Channel  # noqa: E402

# The e2e's webhook chats use areas 11, 21, 31, 41 and 51; these never collide with them.
AREAS = ["19", "27", "48", "61", "62", "71", "81", "85", "92", "98"]
FIRST = (  # noqa: SIM905
    "Adriana Bruno Camila Daniel Eduarda Felipe Gabriela Gustavo Helena Igor Juliana Leonardo "
    "Larissa Marcelo Natália Otávio Paula Renato Sabrina Thiago Vanessa Vinícius Aline Diego "
    "Letícia Mateus Priscila Rodrigo Tatiane Wesley Bianca Caio"
).split()
LAST = (  # noqa: SIM905
    "Almeida Barbosa Cardoso Dias Ferreira Freitas Lopes Martins Mendes Moreira Nascimento "
    "Pereira Ramos Ribeiro Rocha Santos Teixeira Vieira Azevedo Castro Cunha Pinto Monteiro Correia"
).split()
INBOUND = [
    "Vocês têm esse modelo no tamanho G?",
    "Qual o prazo de entrega para o meu CEP?",
    "Consigo retirar na loja hoje?",
    "O boleto venceu, podem mandar outro?",
    "Chegou certinho, obrigado!",
    "Tem desconto no pix?",
    "Quero trocar por um número maior.",
    "Vocês abrem no feriado?",
    "Ainda tem a bolsa caramelo?",
    "Pode me mandar o link do catálogo?",
    "O rastreio não atualiza desde ontem.",
    "Bom dia! Vocês aceitam cartão de outra pessoa?",
]
ANSWERS = [
    "Temos sim! Quer que eu separe?",
    "Enviado! Qualquer dúvida é só chamar.",
    "Pode retirar a partir das 14h 😊",
    "Segue o link: loja.exemplo/catalogo",
    "Já verificamos com a transportadora, chega amanhã.",
]
# The oldest seeded chat, the one the browser must reach and find: a name no other chat has.
TARGET_NAME = "Zuleica Brandão Quintanilha"


def seeded_numbers(count: int) -> list[str]:
    rng = random.Random(5000)  # noqa: S311 (fixed test data, not a secret)
    numbers: list[str] = []
    seen: set[str] = set()
    while len(numbers) < count:
        number = f"55{AREAS[len(numbers) % len(AREAS)]}9{rng.randrange(10_000_000, 100_000_000)}"
        if number not in seen:
            seen.add(number)
            numbers.append(number)
    return numbers


def seed(count: int) -> dict[str, object]:
    started = time.monotonic()
    channel = Channel.objects.get(tenant__slug="demo", key="demo-meta")
    admin = get_user_model().objects.get(username="admin")
    numbers = seeded_numbers(count)
    now = timezone.now().replace(microsecond=0)
    with transaction.atomic():
        # Idempotent on a kept database: an earlier run's seed goes first (its messages and
        # read states with it).
        old = Chat.objects.filter(channel=channel, chat_id__in=numbers)
        Message.objects.filter(chat__in=old).delete()
        ChatReadState.objects.filter(chat__in=old).delete()
        deleted, _ = old.delete()
        Contact.objects.filter(channel=channel, jid__in=numbers).delete()
        removed = time.monotonic()
        # Below every other chat of the tenant (the scenario's are at most 4 days old; a kept
        # database may hold older ones from earlier runs), so the oldest seeded chat is last.
        others = Chat.objects.filter(channel__tenant=channel.tenant)
        oldest_other = others.aggregate(oldest=Min("last_activity_at"))["oldest"]
        newest = now - timedelta(days=7)
        if oldest_other is not None and oldest_other <= newest:
            newest = oldest_other.replace(microsecond=0) - timedelta(minutes=1)

        contacts = []
        for index, number in enumerate(numbers):
            if index == count - 1:
                name = TARGET_NAME
            else:
                name = f"{FIRST[index % len(FIRST)]} {LAST[(index // len(FIRST)) % len(LAST)]}"
            contacts.append(Contact(channel=channel, jid=number, phone=number, name=name))
        Contact.objects.bulk_create(contacts, batch_size=500)
        # Newest first, 12 minutes apart (whole seconds, as providers send them).
        times = [newest - timedelta(minutes=12 * index) for index in range(count)]
        answered = [index % 3 == 1 for index in range(count)]
        by_jid = {c.jid: c for c in Contact.objects.filter(channel=channel, jid__in=numbers)}
        chats = [
            Chat(
                channel=channel,
                chat_id=number,
                contact=by_jid[number],
                last_message_at=times[index],
                last_activity_at=times[index],
                message_count=2 if answered[index] else 1,
                inbound_count=1,
            )
            for index, number in enumerate(numbers)
        ]
        Chat.objects.bulk_create(chats, batch_size=500)
        chat_of = dict(
            Chat.objects.filter(channel=channel, chat_id__in=numbers).values_list("chat_id", "pk")
        )

        messages = []
        for index, number in enumerate(numbers):
            at = times[index]
            asked = at - timedelta(minutes=3) if answered[index] else at
            messages.append(
                Message(
                    chat_id=chat_of[number],
                    channel=channel,
                    provider_message_id=f"wamid.SEED{number}IN",
                    from_me=False,
                    origin="customer",
                    type="text",
                    content=INBOUND[index % len(INBOUND)],
                    timestamp=asked,
                    sender=number,
                    sender_name=by_jid[number].name,
                    status="delivered",
                    status_at=asked,
                )
            )
            if answered[index]:
                messages.append(
                    Message(
                        chat_id=chat_of[number],
                        channel=channel,
                        provider_message_id=f"wamid.SEED{number}OUT",
                        from_me=True,
                        origin="phone",
                        type="text",
                        content=ANSWERS[index % len(ANSWERS)],
                        timestamp=at,
                        sender=channel.display_phone_number,
                        status="read",
                        status_at=at,
                    )
                )
        Message.objects.bulk_create(messages, batch_size=500)
        # last_message: the chat's newest message, by the pager's order (timestamp, id).
        newest_message = (
            Message.objects.filter(chat=OuterRef("pk"))
            .order_by("-timestamp", "-id")
            .values("pk")[:1]
        )
        Chat.objects.filter(pk__in=chat_of.values()).update(last_message=Subquery(newest_message))

        read = [
            ChatReadState(chat_id=chat_of[number], user=admin, read_inbound_count=1, read_at=now)
            for index, number in enumerate(numbers)
            if index % 4 != 0
        ]
        ChatReadState.objects.bulk_create(read, batch_size=500)

    target = Chat.objects.select_related("last_message").get(channel=channel, chat_id=numbers[-1])
    # What admin's list holds (admin sees every channel of the demo tenant), and how many
    # chats sort above the target (newest activity first, then id).
    visible = Chat.objects.filter(channel__tenant=channel.tenant)
    above = visible.filter(
        Q(last_activity_at__gt=target.last_activity_at)
        | Q(last_activity_at=target.last_activity_at, pk__gt=target.pk)
    ).count()
    return {
        "seeded": count,
        "replaced": deleted,
        "messages": len(messages),
        "total_visible": visible.count(),
        "target": {
            "id": target.pk,
            "name": TARGET_NAME,
            "number": numbers[-1],
            "index": above,
            "last_text": target.last_message.content if target.last_message else "",
        },
        "newest_seeded": {"name": by_jid[numbers[0]].name, "number": numbers[0]},
        "delete_seconds": round(removed - started, 2),
        "seconds": round(time.monotonic() - started, 2),
    }


if __name__ == "__main__":
    result = seed(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
    sys.stdout.write(json.dumps(result) + "\n")
