"""Apply a provisioning file: validate all of it, then upsert everything in one transaction.

Guarantees (CONTRACT.md "Provisioning"):
- An invalid file changes nothing: the schema and every cross-check run before the first
  write, and the writes share one `transaction.atomic()`.
- Every error is reported, each as `"<json path>: <message>"`, in `InvalidInputError.details`.
- Idempotent: tenants are upserted by slug, channels by (tenant, key), users by username;
  names, secrets and passwords are set from the file on every run, and an agent's channel
  set is replaced by the file's. A second run of the same file leaves the same rows.
- Nothing absent from the file is deleted or disabled: removing a channel or an agent from
  the file leaves it in the database as it was.
- Secrets and passwords are never logged.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from pydantic import ValidationError

from multichat.core.exceptions import InvalidInputError
from multichat.tenants.models import Agent, Channel, Provider, Tenant
from multichat.tenants.provisioning.checks import cross_check_errors
from multichat.tenants.provisioning.paths import validation_messages
from multichat.tenants.provisioning.report import Login, ProvisionReport
from multichat.tenants.provisioning.schema import (
    AgentSpec,
    EvolutionChannelSpec,
    MetaChannelSpec,
    ProvisionDocument,
)

logger = logging.getLogger(__name__)


def _invalid(details: list[str]) -> InvalidInputError:
    return InvalidInputError(f"invalid provisioning file: {len(details)} error(s)", details=details)


def _read_json(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise _invalid([f"$: {path} is not UTF-8 text"]) from None
    except OSError as exc:
        raise _invalid([f"$: cannot read {path}: {exc.strerror or type(exc).__name__}"]) from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        # The decoder's message names a position only, never the surrounding text.
        raise _invalid([f"$: invalid JSON: {exc}"]) from None


def provisioning_apply_file(path: Path) -> ProvisionReport:
    """Read `path` as JSON and apply it; unreadable or non-JSON files are errors at `$`."""
    return provisioning_apply(_read_json(path))


def provisioning_apply(document: Any) -> ProvisionReport:
    """Validate `document` fully, then write it; raise `InvalidInputError` listing every error."""
    spec: ProvisionDocument | None = None
    try:
        spec = ProvisionDocument.model_validate(document)
        errors: list[str] = []
    except ValidationError as exc:
        errors = validation_messages(document, exc)
    with transaction.atomic():
        # Database checks run inside the transaction that writes, so what they saw holds.
        errors += cross_check_errors(document)
        if errors or spec is None:
            raise _invalid(errors)
        report = _write(spec)
    logger.info("%s", report.summary())
    return report


def _write(spec: ProvisionDocument) -> ProvisionReport:
    counts: Counter[str] = Counter()
    logins: list[Login] = []
    for tenant_spec in spec.tenants:
        tenant, created = Tenant.objects.update_or_create(
            slug=tenant_spec.slug, defaults={"name": tenant_spec.name}
        )
        counts[_outcome("tenants", created)] += 1
        for channel_spec in tenant_spec.channels:
            _, created = Channel.objects.update_or_create(
                tenant=tenant, key=channel_spec.key, defaults=_channel_fields(channel_spec)
            )
            counts[_outcome("channels", created)] += 1
        # Channels the file omits but the tenant already has may be named by agents too.
        by_key = {channel.key: channel for channel in Channel.objects.filter(tenant=tenant)}
        for agent_spec in tenant_spec.agents:
            counts[_outcome("agents", _upsert_agent(tenant, agent_spec, by_key))] += 1
            logins.append(
                Login(agent_spec.username, agent_spec.password, agent_spec.role, tenant.slug)
            )
    return ProvisionReport(
        tenants_created=counts["tenants_created"],
        tenants_updated=counts["tenants_updated"],
        channels_created=counts["channels_created"],
        channels_updated=counts["channels_updated"],
        agents_created=counts["agents_created"],
        agents_updated=counts["agents_updated"],
        logins=tuple(logins),
    )


def _outcome(kind: str, created: bool) -> str:
    return f"{kind}_created" if created else f"{kind}_updated"


def _channel_fields(spec: MetaChannelSpec | EvolutionChannelSpec) -> dict[str, Any]:
    """Every provider field, so a channel's configuration is exactly the file's."""
    fields: dict[str, Any] = {
        "api_base_url": spec.api_base_url,
        "display_phone_number": "",
        "phone_number_id": None,
        "app_secret": "",
        "verify_token": "",
        "access_token": "",
        "instance": None,
        "api_key": "",
    }
    if isinstance(spec, MetaChannelSpec):
        return fields | {
            "provider": Provider.META,
            "display_phone_number": spec.display_phone_number,
            "phone_number_id": spec.phone_number_id,
            "app_secret": spec.app_secret,
            "verify_token": spec.verify_token,
            "access_token": spec.access_token,
        }
    return fields | {
        "provider": Provider.EVOLUTION,
        "instance": spec.instance,
        "api_key": spec.api_key,
    }


def _upsert_agent(tenant: Tenant, spec: AgentSpec, by_key: dict[str, Channel]) -> bool:
    """Create or update the user and its membership; True when the membership is new."""
    user, user_created = get_user_model().objects.get_or_create(username=spec.username)
    # Rehash only when the password changed, so a re-run leaves the row byte-identical.
    if user_created or not user.check_password(spec.password) or not user.is_active:
        user.set_password(spec.password)
        user.is_active = True
        user.save()
    agent, created = Agent.objects.update_or_create(
        user=user, defaults={"tenant": tenant, "role": spec.role}
    )
    agent.channels.set([by_key[key] for key in spec.channels or []])
    return created
