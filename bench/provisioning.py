"""The benchmark's tenant: one Meta and several Evolution channels, admins and agents.

Admins see every channel; each agent sees one Evolution channel. Webhooks go round-robin
over the Evolution channels, so one message reaches the clients of every admin and of
that channel's agents only — not every open stream — as in a real inbox.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

PASSWORD = "bench-password-not-secret"  # noqa: S105  # a throwaway benchmark database


@dataclass(frozen=True)
class User:
    username: str
    channels: frozenset[int]  # indexes of the Evolution channels this user sees


@dataclass(frozen=True)
class Plan:
    evolution_channels: int = 4
    agents_per_channel: int = 2
    admins: int = 2

    @property
    def users(self) -> list[User]:
        every = frozenset(range(self.evolution_channels))
        users = [User(f"bench-admin-{i}", every) for i in range(self.admins)]
        for channel in range(self.evolution_channels):
            for i in range(self.agents_per_channel):
                users.append(User(f"bench-agent-{channel}-{i}", frozenset({channel})))
        return users

    def audience_share(self) -> float:
        """The fraction of evenly spread clients one message reaches."""
        users = self.users
        return sum(len(u.channels) for u in users) / (len(users) * self.evolution_channels)


def instance(channel: int) -> str:
    return f"bench-evo-{channel}"


def api_key(channel: int) -> str:
    return f"BENCH-EVOLUTION-KEY-{channel}"


def document(plan: Plan) -> dict[str, Any]:
    meta = {
        "provider": "meta",
        "key": "bench-meta",
        "phone_number_id": "190000000000001",
        "display_phone_number": "5511900000001",
        "app_secret": "bench-app-secret",
        "verify_token": "bench-verify-token",
        "access_token": "bench-access-token",
        "api_base_url": "http://127.0.0.1:9",
    }
    channels: list[dict[str, Any]] = [meta]
    for c in range(plan.evolution_channels):
        channels.append(
            {
                "provider": "evolution",
                "key": instance(c),
                "instance": instance(c),
                "api_key": api_key(c),
                "api_base_url": "http://127.0.0.1:9",
            }
        )
    agents: list[dict[str, Any]] = []
    for user in plan.users:
        if user.username.startswith("bench-admin-"):
            agents.append({"username": user.username, "password": PASSWORD, "role": "admin"})
        else:
            keys = [instance(c) for c in sorted(user.channels)]
            agents.append(
                {"username": user.username, "password": PASSWORD, "role": "agent", "channels": keys}
            )
    tenant = {"slug": "bench", "name": "Benchmark", "channels": channels, "agents": agents}
    return {"tenants": [tenant]}
