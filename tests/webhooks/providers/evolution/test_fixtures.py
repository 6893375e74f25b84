"""The fixture folder itself: the shared samples kept byte for byte, every file documented,
every file a valid envelope the adapter turns into items without raising."""

from __future__ import annotations

import hashlib

import pytest

from multichat.chats.inbound import Ignored

from .helpers import FIXTURES, parse

ALL_FIXTURES = sorted(path.name for path in FIXTURES.glob("*.json"))
# First 128 bits of the `sha256sum` of the samples as delivered in
# /work/shared/fixtures/webhooks/evolution/:
# the copies must stay byte-identical (no re-formatting, no edits).
SHARED_SAMPLES: dict[str, str] = {
    line.split()[1]: line.split()[0]
    for line in """
c33b663db5bddc5a2b395f4e86992a82  connection_update_close.json
a963a0d729fe59d6a3f4111442b2d315  connection_update_open.json
66b7e655fbc1f685faba3887609d4106  contacts_update.json
9d092899f156d65818f7ab4e9c4a52b6  messages_delete.json
3679dee262bab60209369346f73d13f8  messages_update_delivered.json
5850c520c9b9265910819e96dc56478e  messages_update_read.json
712c7873fece9141c58dca5ff6182ed7  messages_upsert_audio_ptt_base64.json
428011c6786a275fdb3579fde29d7804  messages_upsert_from_me_phone.json
3515f03fdd75b8a89c6097fd2b961ea5  messages_upsert_group_image.json
6b215a7cad190e58995c1f8930266cfa  messages_upsert_image_caption.json
fa7d9247e2ed7a6ccd70c386f4abafe2  messages_upsert_reaction.json
817b27b19ae1c155dd0d9990e1808467  messages_upsert_status_broadcast.json
b7c158464a2568e79b35a03de169869c  messages_upsert_text.json
8135c2f76474fe80daf6a6814c88dd6a  send_message_text.json
""".strip().splitlines()
}
ONLY_IGNORED = {
    "messages_upsert_status_broadcast.json",
    "contacts_update_single_object.json",
    "chats_update.json",
    "qrcode_updated.json",
}


@pytest.mark.parametrize(("name", "digest"), sorted(SHARED_SAMPLES.items()))
def test_every_shared_sample_is_kept_byte_identical(name, digest) -> None:
    assert hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()[:32] == digest


def test_every_fixture_file_is_listed_in_the_readme() -> None:
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    assert [name for name in ALL_FIXTURES if f"`{name}`" not in readme] == []
    assert len(ALL_FIXTURES) == 32


@pytest.mark.parametrize("name", ALL_FIXTURES)
def test_every_fixture_is_parsed_and_only_the_expected_ones_are_ignored(name) -> None:
    items = parse(name)
    assert items
    assert all(isinstance(item, Ignored) for item in items) == (name in ONLY_IGNORED)
