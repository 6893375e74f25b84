"""X-Hub-Signature-256 checks against Meta's test vector (`signature_example.json`)."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from multichat.webhooks.providers.meta import signature_is_valid
from tests.webhooks.providers.meta.helpers import load_fixture, raw_fixture

EXAMPLE = load_fixture("signature_example.json")
SECRET: str = EXAMPLE["app_secret"]
HEADER: str = EXAMPLE["headers"]["X-Hub-Signature-256"]
RAW_BODY = raw_fixture("signed_raw_body.json")


def test_the_raw_body_bytes_match_the_test_vector():
    assert hashlib.sha256(RAW_BODY).hexdigest() == EXAMPLE["raw_body_sha256_of_bytes"]


def test_the_documented_header_verifies_the_raw_body():
    assert signature_is_valid(RAW_BODY, HEADER, SECRET) is True


def test_an_uppercase_hex_digest_is_accepted():
    assert signature_is_valid(RAW_BODY, "sha256=" + HEADER.removeprefix("sha256=").upper(), SECRET)


def test_a_reserialized_body_does_not_verify():
    tampered = json.dumps(json.loads(RAW_BODY), ensure_ascii=False, indent=2).encode("utf-8")
    assert tampered != RAW_BODY
    assert signature_is_valid(tampered, HEADER, SECRET) is False


def test_a_body_changed_by_one_byte_does_not_verify():
    assert signature_is_valid(RAW_BODY + b" ", HEADER, SECRET) is False


def test_the_wrong_secret_does_not_verify():
    assert signature_is_valid(RAW_BODY, HEADER, SECRET + "x") is False


def test_an_empty_secret_never_verifies_even_a_matching_signature():
    empty_key_signature = hmac.new(b"", RAW_BODY, hashlib.sha256).hexdigest()
    assert signature_is_valid(RAW_BODY, f"sha256={empty_key_signature}", "") is False


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        HEADER.removeprefix("sha256="),
        "sha1=" + HEADER.removeprefix("sha256="),
        "SHA256=" + HEADER.removeprefix("sha256="),
        "sha256=",
        "sha256=" + HEADER.removeprefix("sha256=")[:-2],
        "sha256=" + "zz" * 32,
    ],
    ids=[
        "missing",
        "empty",
        "no-prefix",
        "sha1-prefix",
        "uppercase-prefix",
        "no-digest",
        "short-digest",
        "not-hex",
    ],
)
def test_a_missing_or_malformed_header_does_not_verify(header):
    assert signature_is_valid(RAW_BODY, header, SECRET) is False
