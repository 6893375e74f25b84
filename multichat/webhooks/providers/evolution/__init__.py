"""Evolution API (Baileys channel) webhook adapter: raw envelope in, inbox items out.

Pure parsing, no database: `read_envelope` checks the body is an Evolution envelope
(else `InvalidInputError`, the view's 400) and `parse_evolution_event` turns it into the
provider-neutral items of `multichat.chats.inbound`. Field notes: NOTES.md section 3;
sample payloads and their expected items: `fixtures/README.md`.
"""

from multichat.webhooks.providers.evolution.envelope import (
    EvolutionEnvelope,
    canonical_event,
    read_envelope,
)
from multichat.webhooks.providers.evolution.events import parse_evolution_event

__all__ = ["EvolutionEnvelope", "canonical_event", "parse_evolution_event", "read_envelope"]
