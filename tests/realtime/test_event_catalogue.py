"""docs/realtime-events.md, the code's catalogue and the writers agree on update types."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.db import transaction

from multichat.realtime.catalogue import UPDATE_TYPES
from multichat.realtime.log import event_append

DOC = Path(__file__).resolve().parents[2] / "docs" / "realtime-events.md"


def documented_types() -> set[str]:
    section = DOC.read_text().split("## Update types", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([a-z_]+)` \|", section, flags=re.MULTILINE))


def test_every_update_type_in_the_code_is_documented_and_vice_versa() -> None:
    assert documented_types() == set(UPDATE_TYPES)


def test_every_type_the_services_emit_is_in_the_catalogue() -> None:
    sources = Path(__file__).resolve().parents[2] / "multichat"
    emitted: set[str] = set()
    for path in sources.rglob("*.py"):
        text = path.read_text()
        emitted |= set(re.findall(r'_append\(\s*\w+(?:\.\w+)*,\s*"([a-z_]+)"', text))
        emitted |= set(re.findall(r'event_append\([^)]*?\btype="([a-z_]+)"', text, re.DOTALL))
    assert emitted, "the scan found no emitted types: the regexes are out of date"
    assert emitted <= set(UPDATE_TYPES) | {"reset"}


@pytest.mark.django_db
def test_an_unknown_update_type_is_refused() -> None:
    with transaction.atomic(), pytest.raises(ValueError, match="unknown update type"):
        event_append(tenant_id=1, channel_id=1, chat_key="", type="surprise", data={})
