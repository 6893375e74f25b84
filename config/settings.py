"""Settings read from the environment (see README "Configuration").

Embedded defaults (SQLite under var/, in-process broker) make `make run` work on a fresh
clone; DATABASE_URL and REDIS_URL switch to PostgreSQL and Redis for scale-out.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("MULTICHAT_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"
if not SECRET_KEY:
    # A stable per-install key so sessions survive restarts without configuration.
    key_file = VAR_DIR / "secret_key"
    if not key_file.exists():
        import secrets

        key_file.write_text(secrets.token_urlsafe(50))
        key_file.chmod(0o600)
    SECRET_KEY = key_file.read_text().strip()

ALLOWED_HOSTS = [h for h in os.environ.get("ALLOWED_HOSTS", "*").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "multichat.core",
    "multichat.tenants",
    "multichat.realtime",
    "multichat.chats",
    "multichat.webhooks",
    "multichat.media",
    "multichat.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
]

ROOT_URLCONF = "config.urls"
APPEND_SLASH = False
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request"]},
    }
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'multichat.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the SSE readers and webhook writers work side by side; a busy timeout
    # queues concurrent writers instead of failing them with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not :memory:, so a test's ASGI server thread sees the same database.
    # Named per process so concurrent test runs on one machine do not collide.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")}
else:
    # Per process too: two test runs against one server (a developer's and CI's, or two
    # worktrees) would otherwise share `test_<name>`, and one's teardown drops the other's.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS: list[dict[str, str]] = []
LANGUAGE_CODE = "pt-br"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
# The built web app (make run builds it); absent before the first build.
STATICFILES_DIRS = [d for d in [BASE_DIR / "frontend" / "dist"] if d.is_dir()]

# Webhook bodies above this size get 413 (Meta sends up to 3 MB).
WEBHOOK_MAX_BODY_BYTES = 4 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = WEBHOOK_MAX_BODY_BYTES + 1

REDIS_URL = os.environ.get("REDIS_URL", "")

# The cache holds only short-lived values: failed sign-in counters and the provider's
# remembered 404/410 per media file. With REDIS_URL every process and machine shares them;
# the embedded default is one process, so its own memory is all there is (`make run`
# refuses WORKERS>1 without Redis).
CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("MULTICHAT_CACHE_PREFIX", "multichat"),
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# Failed sign-ins (token and browser login) allowed per username and per client address
# in a window, as "count/period" (django-ratelimit syntax: 10/15m, 50/h). Past either,
# the endpoint answers 429 with Retry-After until the window ends (README "Sign-in limits").
LOGIN_FAILURES_PER_USERNAME = os.environ.get("LOGIN_FAILURES_PER_USERNAME", "10/15m")
LOGIN_FAILURES_PER_CLIENT = os.environ.get("LOGIN_FAILURES_PER_CLIENT", "50/15m")
RATELIMIT_CACHE_PREFIX = "login-failures:"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "multichat.core.auth.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "multichat.core.api.exception_handler",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

# --- Realtime delivery (see docs/realtime-events.md) ---------------------------------
REALTIME_BROKER = (
    "multichat.realtime.brokers.redis.RedisBroker"
    if REDIS_URL
    else "multichat.realtime.brokers.memory.MemoryBroker"
)
REALTIME_GRANT_RESOLVER = "multichat.tenants.access.realtime_grants"
# With the broker up, a slow safety poll; with it down, the log is polled this often.
REALTIME_SAFETY_POLL_SECONDS = float(os.environ.get("REALTIME_SAFETY_POLL_SECONDS", "5"))
REALTIME_FALLBACK_POLL_SECONDS = float(os.environ.get("REALTIME_FALLBACK_POLL_SECONDS", "1"))
REALTIME_ACCESS_REFRESH_SECONDS = float(os.environ.get("REALTIME_ACCESS_REFRESH_SECONDS", "5"))
REALTIME_PING_SECONDS = float(os.environ.get("REALTIME_PING_SECONDS", "15"))
REALTIME_RETRY_MILLISECONDS = 3000
# Updates a stream may have waiting before it is closed as too slow (it then resumes).
REALTIME_STREAM_QUEUE_LIMIT = int(os.environ.get("REALTIME_STREAM_QUEUE_LIMIT", "2000"))
EVENT_RETENTION_DAYS = float(os.environ.get("EVENT_RETENTION_DAYS", "7"))
EVENT_PRUNE_INTERVAL_SECONDS = float(os.environ.get("EVENT_PRUNE_INTERVAL_SECONDS", "3600"))

# --- Outbound sends (see docs/outbound.md) -------------------------------------------
OUTBOUND_SENDER_ENABLED = os.environ.get("OUTBOUND_SENDER_ENABLED", "1") == "1"
OUTBOUND_CLIENTS = {
    "meta": "multichat.outbound.clients.meta.MetaClient",
    "evolution": "multichat.outbound.clients.evolution.EvolutionClient",
}
OUTBOUND_POLL_SECONDS = float(os.environ.get("OUTBOUND_POLL_SECONDS", "3"))
OUTBOUND_CONCURRENCY = int(os.environ.get("OUTBOUND_CONCURRENCY", "8"))
OUTBOUND_HTTP_TIMEOUT_SECONDS = float(os.environ.get("OUTBOUND_HTTP_TIMEOUT_SECONDS", "20"))
# Longer than any provider call can take, so a live owner never loses its row.
OUTBOUND_LEASE_SECONDS = float(os.environ.get("OUTBOUND_LEASE_SECONDS", "90"))
OUTBOUND_MAX_ATTEMPTS = int(os.environ.get("OUTBOUND_MAX_ATTEMPTS", "8"))
OUTBOUND_BACKOFF_BASE_SECONDS = float(os.environ.get("OUTBOUND_BACKOFF_BASE_SECONDS", "2"))
OUTBOUND_BACKOFF_MAX_SECONDS = float(os.environ.get("OUTBOUND_BACKOFF_MAX_SECONDS", "300"))
# A send whose outcome is unknown (crash or timeout mid-call) waits this long for a
# status or echo webhook before it is sent again.
OUTBOUND_IN_DOUBT_GRACE_SECONDS = float(os.environ.get("OUTBOUND_IN_DOUBT_GRACE_SECONDS", "120"))
OUTBOUND_MEDIA_DIR = VAR_DIR / "outbound"
OUTBOUND_MEDIA_MAX_BYTES = int(os.environ.get("OUTBOUND_MEDIA_MAX_BYTES", str(16 * 1024 * 1024)))

# --- Media in (see docs/media.md) ------------------------------------------------------
MEDIA_CACHE_DIR = Path(os.environ.get("MULTICHAT_MEDIA_CACHE_DIR", VAR_DIR / "media-cache"))
MEDIA_CACHE_MAX_BYTES = int(os.environ.get("MULTICHAT_MEDIA_CACHE_MAX_BYTES", str(1024**3)))
MEDIA_MAX_FILE_BYTES = int(os.environ.get("MULTICHAT_MEDIA_MAX_FILE_BYTES", str(100 * 1024**2)))
MEDIA_FETCH_TIMEOUT_SECONDS = float(os.environ.get("MULTICHAT_MEDIA_FETCH_TIMEOUT_SECONDS", "60"))
MEDIA_BROWSER_MAX_AGE_SECONDS = 86400  # a message's file never changes
# How long a provider's "no such file" (404) or "expired" (410) is remembered per file.
MEDIA_FAILURE_MEMORY_SECONDS = float(
    os.environ.get("MULTICHAT_MEDIA_FAILURE_MEMORY_SECONDS", "600")
)
