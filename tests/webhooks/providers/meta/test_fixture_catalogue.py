"""Every Meta fixture is exercised by an exact-result test and documented in the README."""

from __future__ import annotations

from tests.webhooks.providers.meta.helpers import FIXTURES
from tests.webhooks.providers.meta.test_adapter import SAMPLES
from tests.webhooks.providers.meta.test_adapter_created_fixtures import CREATED

# Not webhook bodies: the signature test vector and the GET handshake descriptor.
DESCRIPTORS = {"signature_example.json", "verification_get.json"}


def test_every_payload_fixture_has_an_exact_expected_result():
    on_disk = {path.name for path in FIXTURES.glob("*.json")}
    assert on_disk - DESCRIPTORS == set(SAMPLES) | set(CREATED)


def test_every_fixture_is_listed_in_the_fixtures_readme():
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    missing = [p.name for p in FIXTURES.glob("*.json") if f"`{p.name}`" not in readme]
    assert missing == []
