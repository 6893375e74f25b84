"""Tenants (companies), their channels (WhatsApp numbers) and agents (users with a role).

Channel secrets live in their own fields, are excluded from every serializer and from
`__repr__`, and are never logged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class Tenant(models.Model):
    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.slug


class Provider(models.TextChoices):
    META = "meta", "Meta WhatsApp Cloud API"
    EVOLUTION = "evolution", "Evolution API"


class ConnectionState(models.TextChoices):
    UNKNOWN = "unknown"
    CONNECTED = "connected"
    CONNECTING = "connecting"
    DISCONNECTED = "disconnected"


class Channel(models.Model):
    """One WhatsApp number of a tenant, reached through one provider.

    Routing keys are unique across the whole install: Meta webhooks name the channel by
    `phone_number_id`, Evolution webhooks by `instance`.
    """

    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="channels")
    key = models.SlugField(max_length=64)
    provider = models.CharField(max_length=16, choices=Provider.choices)
    display_phone_number = models.CharField(max_length=32, blank=True, default="")
    api_base_url = models.URLField(max_length=300, blank=True, default="")
    # Meta
    phone_number_id = models.CharField(max_length=64, null=True, blank=True, unique=True)
    app_secret = models.CharField(max_length=300, blank=True, default="")
    verify_token = models.CharField(max_length=300, blank=True, default="")
    access_token = models.TextField(blank=True, default="")
    # Evolution
    instance = models.CharField(max_length=128, null=True, blank=True, unique=True)
    api_key = models.CharField(max_length=300, blank=True, default="")
    # Connection state reported by Evolution's connection.update.
    connection_state = models.CharField(
        max_length=16, choices=ConnectionState.choices, default=ConnectionState.UNKNOWN
    )
    connection_reason = models.CharField(max_length=64, blank=True, default="")
    connection_changed_at = models.DateTimeField(null=True, blank=True)
    own_jid = models.CharField(max_length=128, blank=True, default="")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tenant", "key"], name="channel_key_unique_per_tenant")
        ]

    def __str__(self) -> str:
        return f"{self.tenant_id}/{self.key}"

    def __repr__(self) -> str:
        # Secrets are never part of a representation that could reach a log.
        return f"<Channel {self.pk} {self.provider} {self.key}>"


class Role(models.TextChoices):
    ADMIN = "admin"
    AGENT = "agent"


class Agent(models.Model):
    """A user's membership in one tenant: its role and, for agents, its channels."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent"
    )
    tenant = models.ForeignKey(Tenant, on_delete=models.CASCADE, related_name="agents")
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.AGENT)
    channels = models.ManyToManyField(Channel, blank=True, related_name="agents")

    def __str__(self) -> str:
        return f"{self.user_id}@{self.tenant_id}"

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN
