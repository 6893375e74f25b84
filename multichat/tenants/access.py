"""Who may see what: the one place visibility rules are decided.

An admin sees every channel of its tenant; an agent the channels it was given; a user
without membership sees nothing. Nobody ever sees another tenant's data.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db import models
from django.db.models import QuerySet

from multichat.core.types import Grant
from multichat.tenants.models import Agent, Channel


def agent_for_user(user: AbstractBaseUser | AnonymousUser | None) -> Agent | None:
    if user is None or not user.is_authenticated:
        return None
    try:
        return Agent.objects.select_related("tenant").get(user_id=user.pk)
    except Agent.DoesNotExist:
        return None


def visible_channels(agent: Agent | None) -> QuerySet[Channel]:
    """Channels whose chats, messages and events the agent may see."""
    if agent is None:
        return Channel.objects.none()
    if agent.is_admin:
        return Channel.objects.filter(tenant_id=agent.tenant_id)
    return Channel.objects.filter(tenant_id=agent.tenant_id, agents=agent)


def visible_channel_ids(agent: Agent | None) -> list[int]:
    return list(visible_channels(agent).values_list("id", flat=True))


def channel_audience_user_ids(channel: Channel) -> list[int]:
    """Users entitled to a channel's updates: its tenant's admins and its agents."""
    admins = Agent.objects.filter(tenant_id=channel.tenant_id, role="admin")
    agents = Agent.objects.filter(tenant_id=channel.tenant_id, channels=channel)
    return sorted(
        set(admins.values_list("user_id", flat=True))
        | set(agents.values_list("user_id", flat=True))
    )


def realtime_grants(user_ids: list[int]) -> dict[int, Grant]:
    """What each user may receive now (active users with a membership only), in three
    queries whatever the number of users — the hub re-checks every open stream with it."""
    agents = list(
        Agent.objects.filter(user_id__in=user_ids, user__is_active=True).values_list(
            "id", "user_id", "tenant_id", "role"
        )
    )
    admin_tenants = {tenant for _, _, tenant, role in agents if role == "admin"}
    tenant_channels: dict[int, set[int]] = {}
    for channel_id, tenant_id in Channel.objects.filter(tenant_id__in=admin_tenants).values_list(
        "id", "tenant_id"
    ):
        tenant_channels.setdefault(tenant_id, set()).add(channel_id)
    agent_channels: dict[int, set[int]] = {}
    for agent_id, channel_id in Agent.channels.through.objects.filter(
        agent_id__in=[a for a, _, _, role in agents if role != "admin"],
        channel__tenant_id=models.F("agent__tenant_id"),
    ).values_list("agent_id", "channel_id"):
        agent_channels.setdefault(agent_id, set()).add(channel_id)
    grants = {}
    for agent_id, user_id, tenant_id, role in agents:
        channels = tenant_channels if role == "admin" else agent_channels
        key = tenant_id if role == "admin" else agent_id
        grants[user_id] = Grant(tenant_id, frozenset(channels.get(key, set())))
    return grants
