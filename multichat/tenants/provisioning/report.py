"""What a provisioning run did: row counts for the summary line, and the logins it set.

The logins carry passwords because `provision --print-logins` shows the demo's to a new
user; the password is left out of every `repr`, and `summary()` never includes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Login:
    """One agent's credentials as the file set them."""

    username: str
    password: str = field(repr=False)
    role: str
    tenant: str

    def line(self) -> str:
        """`username / password (role, tenant)`: for `--print-logins` only."""
        return f"{self.username} / {self.password} ({self.role}, {self.tenant})"


@dataclass(frozen=True)
class ProvisionReport:
    """Rows created and updated (an updated row may end up unchanged) per kind."""

    tenants_created: int = 0
    tenants_updated: int = 0
    channels_created: int = 0
    channels_updated: int = 0
    agents_created: int = 0
    agents_updated: int = 0
    logins: tuple[Login, ...] = field(default=(), repr=False)

    def summary(self) -> str:
        """One line without secrets, for the console and the log."""
        return (
            f"Provisioned tenants: {self.tenants_created} created, {self.tenants_updated} updated; "
            f"channels: {self.channels_created} created, {self.channels_updated} updated; "
            f"agents: {self.agents_created} created, {self.agents_updated} updated"
        )
