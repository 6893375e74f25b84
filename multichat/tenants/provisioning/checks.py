"""Rules no single field can check: uniqueness across the file, agents naming channels of
their own tenant, and conflicts with what the database already holds.

`phone_number_id` and `instance` route webhooks to a channel, so each must belong to one
channel of the whole install; a username must belong to one tenant. A value already used by
another tenant (or by another channel of the same tenant, which the unique constraint would
reject mid-write) is an error, never a silent move.

The checks read the raw document and skip whatever has the wrong shape (the schema reports
that), so one run reports a missing field and a duplicate slug together. Messages quote
slugs, keys, routing ids and usernames, never a secret.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from multichat.tenants.models import Agent, Channel
from multichat.tenants.provisioning.paths import json_path

Steps = tuple[str | int, ...]


@dataclass(frozen=True)
class _Node:
    steps: Steps
    data: dict[str, Any]

    def text(self, name: str) -> str | None:
        value = self.data.get(name)
        return value if isinstance(value, str) else None

    def path(self, *more: str | int) -> str:
        return json_path(*self.steps, *more)


@dataclass(frozen=True)
class _Tenant(_Node):
    channels: list[_Node] = field(default_factory=list)
    agents: list[_Node] = field(default_factory=list)


def _children(parent: dict[str, Any], name: str, steps: Steps) -> list[_Node]:
    items = parent.get(name)
    if not isinstance(items, list):
        return []
    return [
        _Node((*steps, name, index), item)
        for index, item in enumerate(items)
        if isinstance(item, dict)
    ]


def _tenants(document: Any) -> list[_Tenant]:
    if not isinstance(document, dict):
        return []
    tenants = []
    for node in _children(document, "tenants", ()):
        channels = _children(node.data, "channels", node.steps)
        agents = _children(node.data, "agents", node.steps)
        tenants.append(_Tenant(node.steps, node.data, channels, agents))
    return tenants


def _duplicates(what: str, occurrences: Iterable[tuple[str, str | None]]) -> list[str]:
    """One error per repeat of a value, pointing at where it first appeared."""
    first_seen: dict[str, str] = {}
    errors = []
    for path, value in occurrences:
        if value is None:
            continue
        if value in first_seen:
            errors.append(f"{path}: duplicate {what} '{value}' (first at {first_seen[value]})")
        else:
            first_seen[value] = path
    return errors


def _routing(tenants: list[_Tenant], provider: str, name: str) -> list[tuple[_Tenant, _Node, str]]:
    """(tenant, channel, value) for every `name` routing id of `provider` channels."""
    found = []
    for tenant in tenants:
        for channel in tenant.channels:
            value = channel.text(name)
            if channel.data.get("provider") == provider and value is not None:
                found.append((tenant, channel, value))
    return found


def _routing_errors(tenants: list[_Tenant], provider: str, name: str) -> list[str]:
    found = _routing(tenants, provider, name)
    errors = _duplicates(name, ((ch.path(name), value) for _, ch, value in found))
    rows = Channel.objects.filter(**{f"{name}__in": [value for _, _, value in found]})
    owners = {
        value: (slug, key) for value, slug, key in rows.values_list(name, "tenant__slug", "key")
    }
    for tenant, channel, value in found:
        slug, key = owners.get(value, (tenant.text("slug"), channel.text("key")))
        if slug != tenant.text("slug"):
            errors.append(f"{channel.path(name)}: '{value}' is already used by tenant '{slug}'")
        elif key != channel.text("key"):
            errors.append(
                f"{channel.path(name)}: '{value}' is already used by channel '{key}' of this tenant"
            )
    return errors


def _username_errors(tenants: list[_Tenant]) -> list[str]:
    found = [(t, a, a.text("username")) for t in tenants for a in t.agents]
    errors = _duplicates("username", ((a.path("username"), name) for _, a, name in found))
    names = [name for _, _, name in found if name is not None]
    rows = Agent.objects.filter(user__username__in=names).values_list(
        "user__username", "tenant__slug"
    )
    member_of = dict(rows)
    for tenant, agent, name in found:
        other = member_of.get(name or "")
        if other is not None and other != tenant.text("slug"):
            errors.append(
                f"{agent.path('username')}: user '{name}' already belongs to tenant '{other}'"
            )
    return errors


def _agent_channel_errors(tenants: list[_Tenant]) -> list[str]:
    slugs = [slug for t in tenants if (slug := t.text("slug")) is not None]
    stored = list(Channel.objects.filter(tenant__slug__in=slugs).values_list("tenant__slug", "key"))
    errors = []
    for tenant in tenants:
        slug = tenant.text("slug")
        known = {key for s, key in stored if s == slug} | {c.text("key") for c in tenant.channels}
        for agent in tenant.agents:
            keys = agent.data.get("channels")
            if agent.data.get("role") == "agent" and keys is None:
                errors.append(f"{agent.path('channels')}: Field required for role 'agent'")
            elif agent.data.get("role") == "agent" and keys == []:
                errors.append(f"{agent.path('channels')}: an agent needs at least one channel")
            for index, key in enumerate(keys if isinstance(keys, list) else []):
                if isinstance(key, str) and key not in known:
                    errors.append(
                        f"{agent.path('channels', index)}: no channel '{key}' in tenant '{slug}'"
                    )
    return errors


def cross_check_errors(document: Any) -> list[str]:
    """Every whole-file and database rule the document breaks, as `"<json path>: <message>"`."""
    tenants = _tenants(document)
    errors = _duplicates("tenant slug", ((t.path("slug"), t.text("slug")) for t in tenants))
    for tenant in tenants:
        keys = ((c.path("key"), c.text("key")) for c in tenant.channels)
        errors += _duplicates("channel key", keys)
    errors += _routing_errors(tenants, "meta", "phone_number_id")
    errors += _routing_errors(tenants, "evolution", "instance")
    errors += _username_errors(tenants)
    errors += _agent_channel_errors(tenants)
    return errors
