"""Fixtures for provisioning tests: the demo document, a file writer, a fast hasher."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import LazySettings

DEMO_FILE = Path(__file__).resolve().parents[2] / "demo" / "provision.json"
_DEMO = json.loads(DEMO_FILE.read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: LazySettings) -> None:
    # Every apply hashes passwords; PBKDF2's default cost would dominate the run time.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def demo_document() -> dict[str, Any]:
    """A fresh copy of demo/provision.json that a test may change."""
    return copy.deepcopy(_DEMO)


@pytest.fixture
def write_json(tmp_path: Path) -> Callable[[Any], Path]:
    """Write a document to a file in tmp_path; return its path."""

    def write(document: Any, name: str = "provision.json") -> Path:
        path = tmp_path / name
        path.write_text(json.dumps(document), encoding="utf-8")
        return path

    return write
