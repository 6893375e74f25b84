"""The media settings (README "Media"), read at call time so tests and operators can
change them without re-importing anything."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

GIB = 1024 * 1024 * 1024
MIB = 1024 * 1024


@dataclass(frozen=True)
class MediaLimits:
    cache_dir: Path
    cache_max_bytes: int
    max_file_bytes: int
    # A deadline for the whole fetch (lookup + download), not per network operation:
    # a provider dripping one byte every few seconds must not hold a download forever.
    fetch_timeout_seconds: float
    browser_max_age_seconds: int


def media_limits() -> MediaLimits:
    return MediaLimits(
        cache_dir=Path(settings.MEDIA_CACHE_DIR),
        cache_max_bytes=int(getattr(settings, "MEDIA_CACHE_MAX_BYTES", GIB)),
        max_file_bytes=int(getattr(settings, "MEDIA_MAX_FILE_BYTES", 100 * MIB)),
        fetch_timeout_seconds=float(getattr(settings, "MEDIA_FETCH_TIMEOUT_SECONDS", 60)),
        browser_max_age_seconds=int(getattr(settings, "MEDIA_BROWSER_MAX_AGE_SECONDS", 86400)),
    )
