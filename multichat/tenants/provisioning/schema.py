"""The shape of a provisioning file, as pydantic models (CONTRACT.md "Provisioning").

Every model forbids unknown keys so a typo (`app_secrte`) is an error instead of a silently
missing secret, and is strict so a number never passes for an id. Channels are a union
discriminated by `provider`. Secrets are excluded from `repr` so a model never leaks one
into a log or a traceback. Rules that need the whole file or the database live in
`checks.py`.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

_SLUG = re.compile(r"[a-z0-9](?:[a-z0-9_-]*[a-z0-9])?")
# Django's default username validator (UnicodeUsernameValidator), ASCII subset.
_USERNAME = re.compile(r"[A-Za-z0-9.@+_-]+")


def _slug_shaped(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError("must be slug-shaped: lowercase letters, digits, '-' or '_'")
    return value


def _username_shaped(value: str) -> str:
    if not _USERNAME.fullmatch(value):
        raise ValueError("may contain only letters, digits and @ . + - _")
    return value


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _digits(value: str) -> str:
    if not value.isascii() or not value.isdigit():
        raise ValueError("must contain only digits")
    return value


def _http_url(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("must be an http(s) URL, e.g. https://graph.facebook.com/v21.0")
    return value


Slug = Annotated[str, Field(max_length=64), AfterValidator(_slug_shaped)]
Text = Annotated[str, Field(max_length=200), AfterValidator(_not_blank)]
Secret = Annotated[str, Field(max_length=300, repr=False), AfterValidator(_not_blank)]
LongSecret = Annotated[str, Field(repr=False), AfterValidator(_not_blank)]
Url = Annotated[str, Field(max_length=300), AfterValidator(_http_url)]


class _Spec(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class MetaChannelSpec(_Spec):
    provider: Literal["meta"]
    key: Slug
    phone_number_id: Annotated[str, Field(max_length=64), AfterValidator(_digits)]
    display_phone_number: Annotated[str, Field(max_length=32), AfterValidator(_not_blank)]
    app_secret: Secret
    verify_token: Secret
    access_token: LongSecret
    api_base_url: Url


class EvolutionChannelSpec(_Spec):
    provider: Literal["evolution"]
    key: Slug
    instance: Annotated[str, Field(max_length=128), AfterValidator(_not_blank)]
    api_key: Secret
    api_base_url: Url


ChannelSpec = Annotated[MetaChannelSpec | EvolutionChannelSpec, Field(discriminator="provider")]


class AgentSpec(_Spec):
    username: Annotated[str, Field(max_length=150), AfterValidator(_username_shaped)]
    password: Annotated[str, Field(max_length=128, repr=False), AfterValidator(_not_blank)]
    role: Literal["admin", "agent"]
    # Required for agents, optional for admins: checked in checks.py, which sees the role.
    channels: list[Slug] | None = None


class TenantSpec(_Spec):
    slug: Slug
    name: Text
    channels: list[ChannelSpec] = []
    agents: list[AgentSpec] = []


class ProvisionDocument(_Spec):
    tenants: list[TenantSpec]
