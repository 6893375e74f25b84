"""The disk cache on its own (a real directory): publishing is atomic, recency decides
eviction, and leftovers of crashed writers are swept."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from multichat.media.cache import STALE_TEMP_SECONDS, MediaCache, cache_key
from multichat.media.errors import MediaTooLargeError


@pytest.fixture
def cache(tmp_path: Path) -> MediaCache:
    return MediaCache(root=tmp_path, max_bytes=250)


def test_a_file_being_written_is_invisible_until_committed(cache: MediaCache) -> None:
    writer = cache.writer("k1" * 32, max_file_bytes=1000)
    writer.write(b"half")

    assert cache.open("k1" * 32) is None

    writer.write(b" and the rest")
    published = writer.commit()
    reader = cache.open("k1" * 32)
    assert reader is not None
    with published, reader:
        assert reader.read() == published.read() == b"half and the rest"
    assert list((cache.root / "tmp").iterdir()) == []


def test_a_writer_refuses_to_grow_past_its_limit(cache: MediaCache) -> None:
    writer = cache.writer("k2" * 32, max_file_bytes=10)
    with pytest.raises(MediaTooLargeError):
        writer.write(b"x" * 11)
    writer.discard()

    assert cache.open("k2" * 32) is None
    assert list((cache.root / "tmp").iterdir()) == []


def test_eviction_removes_the_least_recently_opened_first(cache: MediaCache) -> None:
    keys = [cache_key(1, f"m{i}") for i in range(3)]
    for age, key in zip((30, 20, 10), keys, strict=True):
        cache.store_bytes(key, b"x" * 100, max_file_bytes=1000)
        old = time.time() - age
        os.utime(cache.path_for(key), (old, old))
    reader = cache.open(keys[0])  # the oldest becomes the most recent
    assert reader is not None
    reader.close()

    freed = cache.evict()

    assert freed == 100
    assert [cache.contains(key) for key in keys] == [True, False, True]


def test_eviction_keeps_the_file_just_stored_even_over_the_cap(cache: MediaCache) -> None:
    big = cache_key(1, "big")
    cache.store_bytes(big, b"x" * 400, max_file_bytes=1000)

    cache.evict(keep=big)

    assert cache.contains(big)


def test_an_open_file_still_reads_after_eviction(cache: MediaCache) -> None:
    key = cache_key(2, "m")
    cache.store_bytes(key, b"still here", max_file_bytes=1000)
    reader = cache.open(key)
    assert reader is not None
    cache.path_for(key).unlink()  # what eviction does

    with reader:
        assert reader.read() == b"still here"


def test_stale_temp_files_of_crashed_writers_are_swept(cache: MediaCache) -> None:
    crashed = cache.writer("k3" * 32, max_file_bytes=1000)
    crashed.write(b"never committed")
    live = cache.writer("k4" * 32, max_file_bytes=1000)
    old = time.time() - STALE_TEMP_SECONDS - 1
    stale = next(p for p in (cache.root / "tmp").iterdir() if p.name.startswith("k3"))
    os.utime(stale, (old, old))

    cache.evict()

    remaining = [p.name[:2] for p in (cache.root / "tmp").iterdir()]
    assert remaining == ["k4"]
    crashed.discard()
    live.discard()
