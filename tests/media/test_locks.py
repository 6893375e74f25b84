"""The fetch lock excludes other processes as well as other coroutines, and gives up
with a 502-class error when the holder is stuck."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import time
from pathlib import Path

import pytest

from multichat.media.errors import ProviderUnavailableError
from multichat.media.locks import fetch_lock

KEY = "abc" + "0" * 61

HOLD_LOCK = """
import fcntl, os, sys, time
fd = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(fd, fcntl.LOCK_EX)
print("held", flush=True)
time.sleep(float(sys.argv[2]))
"""


def hold_in_another_process(root: Path, seconds: float) -> subprocess.Popen[str]:
    (root / "locks").mkdir(parents=True, exist_ok=True)
    holder = subprocess.Popen(  # noqa: S603  # our interpreter running our script
        [sys.executable, "-c", HOLD_LOCK, str(root / "locks" / f"{KEY[:3]}.lock"), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None
    assert holder.stdout.readline().strip() == "held"
    return holder


async def test_a_lock_held_by_another_process_is_waited_for(tmp_path: Path) -> None:
    holder = hold_in_another_process(tmp_path, 0.5)
    started = time.monotonic()
    try:
        async with fetch_lock(tmp_path, KEY, timeout=5):
            waited = time.monotonic() - started
    finally:
        holder.wait(timeout=5)
        assert holder.stdout is not None
        holder.stdout.close()
    assert waited >= 0.3


async def test_a_stuck_holder_makes_waiters_give_up(tmp_path: Path) -> None:
    holder = hold_in_another_process(tmp_path, 3)
    try:
        with pytest.raises(ProviderUnavailableError):
            async with fetch_lock(tmp_path, KEY, timeout=0.3):
                pass
    finally:
        holder.kill()
        holder.wait(timeout=5)
        assert holder.stdout is not None
        holder.stdout.close()


async def test_coroutines_of_one_process_take_turns(tmp_path: Path) -> None:
    inside = 0
    most_inside = 0

    async def use() -> None:
        nonlocal inside, most_inside
        async with fetch_lock(tmp_path, KEY, timeout=5):
            inside += 1
            most_inside = max(most_inside, inside)
            await asyncio.sleep(0.05)
            inside -= 1

    await asyncio.gather(*(use() for _ in range(5)))

    assert most_inside == 1
