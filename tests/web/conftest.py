"""Fixtures for the web app's server side: a tenant with one agent, and CSRF-enforcing
browser-like clients (Django's test client skips CSRF checks unless told otherwise)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client

from multichat.tenants.models import Agent, Channel
from tests.factories import AgentFactory, EvolutionChannelFactory, TenantFactory, UserFactory


@dataclass
class Shop:
    channel: Channel
    agent: Agent


@pytest.fixture
def shop(db: None) -> Shop:
    tenant = TenantFactory(slug="loja", name="Loja")
    channel = EvolutionChannelFactory(tenant=tenant, key="loja-centro")
    agent = AgentFactory(tenant=tenant, channels=[channel], user__username="bia")
    UserFactory(username="outsider")  # valid password, but no tenant membership
    return Shop(channel=channel, agent=agent)


@pytest.fixture
def browser() -> Client:
    return Client(enforce_csrf_checks=True)


def csrf_token(client: Client) -> str:
    """What the app does first: ask for the cookie, then echo it in X-CSRFToken."""
    response = client.get("/api/auth/csrf/")
    assert response.status_code == 200
    # The body holds a masked form of the cookie's secret: either one passes the check.
    assert len(response.json()["csrf_token"]) == 64
    return str(client.cookies["csrftoken"].value)


PASSWORD = "secret-pass"  # tests.factories.UserFactory's


def log_in(client: Client, username: str = "bia", password: str = PASSWORD) -> Any:
    return client.post(
        "/api/auth/login/",
        {"username": username, "password": password},
        content_type="application/json",
        HTTP_X_CSRFTOKEN=csrf_token(client),
    )
