"""Fixtures for the chat API tests (the world is described in `tests.chats.world`)."""

from __future__ import annotations

import pytest

from tests.chats.world import World, build_world


@pytest.fixture
def world(db: None) -> World:
    return build_world()
