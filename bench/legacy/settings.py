"""Settings for the old design: the real settings plus the legacy app, route and cache.

LocMem when REDIS_URL is unset (one process, like the embedded config), else Django's
Redis cache (redis-py) so every worker reads the same list. The new design's Redis
broker is switched off: the old design had none, and nothing here listens to it.
"""

from config.settings import *  # noqa: F403

INSTALLED_APPS = [*INSTALLED_APPS, "bench.legacy.apps.LegacyConfig"]  # noqa: F405
ROOT_URLCONF = "bench.legacy.urls"
REALTIME_BROKER = "multichat.realtime.brokers.memory.MemoryBroker"
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}  # noqa: F405
        if REDIS_URL  # noqa: F405
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}
