"""Applying provisioning files: what gets written, idempotence, updates on re-run."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from django.contrib.auth import get_user_model

from multichat.tenants.models import Agent, Channel, Tenant
from multichat.tenants.provisioning import provisioning_apply, provisioning_apply_file
from tests.factories import MetaChannelFactory, TenantFactory, UserFactory
from tests.tenants.conftest import DEMO_FILE

pytestmark = pytest.mark.django_db
User = get_user_model()

SECRETS = (
    "test-app-secret-do-not-use",
    "inbox-verify-token-123",
    "demo-access-token-not-valid",
    "B6D711FCDE4D4FD5936544120E713976",
    "admin123",
    "agente123",
)


def snapshot() -> dict[str, list[Any]]:
    """Every row provisioning may touch, to compare database states."""
    return {
        "tenants": list(Tenant.objects.order_by("id").values()),
        "channels": list(Channel.objects.order_by("id").values()),
        "agents": list(Agent.objects.order_by("id").values()),
        "agent_channels": list(Agent.channels.through.objects.order_by("id").values()),
        "users": list(User.objects.order_by("id").values()),
    }


def channel_keys(username: str) -> set[str]:
    return set(Agent.objects.get(user__username=username).channels.values_list("key", flat=True))


def test_demo_file_creates_the_demo_tenant_channels_and_agents() -> None:
    report = provisioning_apply_file(DEMO_FILE)

    tenant = Tenant.objects.get(slug="demo")
    assert tenant.name == "Loja Demo"
    meta = Channel.objects.get(tenant=tenant, key="demo-meta")
    assert (meta.provider, meta.phone_number_id, meta.display_phone_number) == (
        "meta",
        "110000000000001",
        "5511940001234",
    )
    assert meta.app_secret == "test-app-secret-do-not-use"
    assert meta.verify_token == "inbox-verify-token-123"
    assert meta.api_base_url == "https://graph.facebook.com/v21.0"
    assert meta.instance is None
    evolution = Channel.objects.get(tenant=tenant, key="demo-evolution")
    assert (evolution.provider, evolution.instance) == ("evolution", "loja-centro")
    assert evolution.api_key == "B6D711FCDE4D4FD5936544120E713976"
    assert evolution.api_base_url == "http://127.0.0.1:8080"
    assert evolution.phone_number_id is None
    admin = Agent.objects.get(user__username="admin")
    agente = Agent.objects.get(user__username="agente")
    assert (admin.tenant, admin.role, channel_keys("admin")) == (tenant, "admin", set())
    assert (agente.tenant, agente.role, channel_keys("agente")) == (
        tenant,
        "agent",
        {"demo-evolution"},
    )
    assert admin.user.check_password("admin123")
    assert agente.user.check_password("agente123")
    assert (report.tenants_created, report.channels_created, report.agents_created) == (1, 2, 2)
    assert (report.tenants_updated, report.channels_updated, report.agents_updated) == (0, 0, 0)


def test_applying_the_same_file_twice_leaves_the_same_rows(demo_document: dict[str, Any]) -> None:
    provisioning_apply(demo_document)
    first = snapshot()

    report = provisioning_apply(demo_document)

    assert snapshot() == first
    assert (report.tenants_created, report.channels_created, report.agents_created) == (0, 0, 0)
    assert (report.tenants_updated, report.channels_updated, report.agents_updated) == (1, 2, 2)
    assert (Tenant.objects.count(), Channel.objects.count(), Agent.objects.count()) == (1, 2, 2)


def test_changed_passwords_secrets_and_names_are_applied_on_rerun(
    demo_document: dict[str, Any],
) -> None:
    provisioning_apply(demo_document)
    tenant = demo_document["tenants"][0]
    tenant["name"] = "Loja Demo Renomeada"
    tenant["channels"][0]["app_secret"] = "rotated-app-secret"
    tenant["channels"][0]["access_token"] = "rotated-access-token"
    tenant["channels"][1]["api_key"] = "ROTATEDKEY"
    tenant["agents"][1]["password"] = "nova-senha"

    provisioning_apply(demo_document)

    assert Tenant.objects.get(slug="demo").name == "Loja Demo Renomeada"
    meta = Channel.objects.get(key="demo-meta")
    assert (meta.app_secret, meta.access_token) == ("rotated-app-secret", "rotated-access-token")
    assert Channel.objects.get(key="demo-evolution").api_key == "ROTATEDKEY"
    agente = User.objects.get(username="agente")
    assert agente.check_password("nova-senha")
    assert not agente.check_password("agente123")


def test_an_agents_channel_set_is_replaced_by_the_files(demo_document: dict[str, Any]) -> None:
    provisioning_apply(demo_document)
    demo_document["tenants"][0]["agents"][1]["channels"] = ["demo-meta"]

    provisioning_apply(demo_document)

    assert channel_keys("agente") == {"demo-meta"}


def test_an_agent_may_name_a_channel_of_its_tenant_that_the_file_omits(
    demo_document: dict[str, Any],
) -> None:
    provisioning_apply(demo_document)
    tenant = demo_document["tenants"][0]
    tenant["channels"] = []
    tenant["agents"][1]["channels"] = ["demo-meta", "demo-evolution"]

    provisioning_apply(demo_document)

    assert channel_keys("agente") == {"demo-meta", "demo-evolution"}


def test_rows_absent_from_the_file_are_kept(demo_document: dict[str, Any]) -> None:
    provisioning_apply(demo_document)
    demo_document["tenants"][0]["channels"].pop(0)
    demo_document["tenants"][0]["agents"].pop(0)

    provisioning_apply(demo_document)

    assert set(Channel.objects.values_list("key", flat=True)) == {"demo-meta", "demo-evolution"}
    assert User.objects.get(username="admin").check_password("admin123")
    assert Agent.objects.get(user__username="admin").role == "admin"


def test_a_channel_that_changes_provider_keeps_only_the_new_providers_fields(
    demo_document: dict[str, Any],
) -> None:
    provisioning_apply(demo_document)
    demo_document["tenants"][0]["channels"][0] = {
        "provider": "evolution",
        "key": "demo-meta",
        "instance": "loja-norte",
        "api_key": "NORTEKEY",
        "api_base_url": "http://127.0.0.1:8080",
    }

    provisioning_apply(demo_document)

    channel = Channel.objects.get(key="demo-meta")
    assert (channel.provider, channel.instance, channel.api_key) == (
        "evolution",
        "loja-norte",
        "NORTEKEY",
    )
    assert (channel.phone_number_id, channel.app_secret, channel.access_token) == (None, "", "")


def test_a_user_without_membership_becomes_the_files_agent(demo_document: dict[str, Any]) -> None:
    UserFactory(username="agente")

    provisioning_apply(demo_document)

    agent = Agent.objects.get(user__username="agente")
    assert agent.tenant.slug == "demo"
    assert agent.user.check_password("agente123")


def test_existing_tenants_and_their_routing_ids_are_updated_in_place(
    demo_document: dict[str, Any],
) -> None:
    tenant = TenantFactory(slug="demo", name="Old name")
    channel = MetaChannelFactory(tenant=tenant, key="demo-meta", phone_number_id="110000000000001")

    report = provisioning_apply(demo_document)

    assert (report.tenants_updated, report.channels_updated, report.channels_created) == (1, 1, 1)
    channel.refresh_from_db()
    assert channel.app_secret == "test-app-secret-do-not-use"
    assert Tenant.objects.get(pk=tenant.pk).name == "Loja Demo"


def test_secrets_never_reach_the_log_or_the_reports_repr(
    demo_document: dict[str, Any], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)

    report = provisioning_apply(demo_document)

    shown = caplog.text + repr(report) + report.summary()
    assert "tenants: 1 created" in caplog.text
    assert [secret for secret in SECRETS if secret in shown] == []
