"""Builders for the REST tests: two tenants, their channels and users of every role.

acme has two channels (`main` on Meta, `sales` on Evolution); `ana` is its admin,
`bruno` and `carla` are agents of `main` only, `dora` is an agent with no channel.
globex is another tenant with its own channel and admin `gil`. `nobody` has no membership.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from multichat.chats.models import Chat, Message, Reaction
from multichat.tenants.models import Agent, Channel
from tests.factories import (
    AgentFactory,
    ChatFactory,
    EvolutionChannelFactory,
    MessageFactory,
    MetaChannelFactory,
    TenantFactory,
    UserFactory,
)

BASE_TIME = datetime(2025, 7, 1, 12, 0, tzinfo=UTC)


@dataclass
class World:
    main: Channel
    sales: Channel
    foreign: Channel
    ana: Agent
    bruno: Agent
    carla: Agent
    dora: Agent
    nobody: Any
    foreign_admin: Agent


def build_world() -> World:
    acme = TenantFactory(slug="acme")
    globex = TenantFactory(slug="globex")
    main = MetaChannelFactory(tenant=acme, key="acme-main")
    sales = EvolutionChannelFactory(tenant=acme, key="acme-sales")
    foreign = MetaChannelFactory(tenant=globex, key="globex-main")
    return World(
        main=main,
        sales=sales,
        foreign=foreign,
        ana=AgentFactory(tenant=acme, role="admin", user__username="ana"),
        bruno=AgentFactory(tenant=acme, channels=[main], user__username="bruno"),
        carla=AgentFactory(tenant=acme, channels=[main], user__username="carla"),
        dora=AgentFactory(tenant=acme, user__username="dora"),
        nobody=UserFactory(username="nobody"),
        foreign_admin=AgentFactory(tenant=globex, role="admin", user__username="gil"),
    )


def chat_with_messages(
    channel: Channel,
    *,
    count: int = 1,
    inbound: int | None = None,
    at: datetime = BASE_TIME,
    **kw: Any,
) -> Chat:
    """A chat whose counters match its `count` stored messages, one second apart,
    the first `inbound` of them (default: all) from the customer."""
    chat = ChatFactory(channel=channel, last_activity_at=at, **kw)
    inbound = count if inbound is None else inbound
    last: Message | None = None
    for i in range(count):
        from_me = i >= inbound
        last = MessageFactory(
            chat=chat,
            timestamp=at - timedelta(seconds=count - i),
            from_me=from_me,
            origin="inbox" if from_me else "customer",
        )
    chat.message_count = count
    chat.inbound_count = inbound
    chat.last_message = last
    chat.last_message_at = last.timestamp if last else None
    chat.save()
    return chat


def react(message: Message, emoji: str = "👍", *, sender: str = "5511900000000") -> Reaction:
    """A customer's reaction on `message` (factories.py has no reaction factory)."""
    return Reaction.objects.create(
        chat_id=message.chat_id,
        message=message,
        target_provider_message_id=message.provider_message_id or "",
        sender=sender,
        emoji=emoji,
        timestamp=message.timestamp,
    )
