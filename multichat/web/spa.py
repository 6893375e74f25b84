"""Serves the built single-page app's `index.html` for every path the app owns.

The app's assets are hashed files under `/static/` (WhiteNoise, cached for long); the
HTML itself must never be cached, or a browser would keep asking for assets of an older
build. Without a build (a checkout where `make run` has not run yet) the answer says how
to get one instead of a bare 404.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET

NOT_BUILT = (
    "<!doctype html><meta charset=utf-8><title>multichat</title>"
    "<p>The web app is not built yet: run <code>make run</code>.</p>"
)


def index_file() -> Path:
    """Where the build's `index.html` is; `MULTICHAT_SPA_INDEX` overrides it (tests)."""
    configured = getattr(settings, "MULTICHAT_SPA_INDEX", None)
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR) / "frontend" / "dist" / "index.html"


@require_GET
@never_cache
@ensure_csrf_cookie
def spa_index(request: HttpRequest) -> HttpResponse:
    """The app shell; the CSRF cookie comes with it so the first POST can carry it."""
    try:
        html = index_file().read_text(encoding="utf-8")
    except FileNotFoundError:
        return HttpResponse(NOT_BUILT, status=503, content_type="text/html; charset=utf-8")
    return HttpResponse(html, content_type="text/html; charset=utf-8")
