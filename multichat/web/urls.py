"""Routes of the web app: session auth under `/api/auth/`, and the SPA for the rest.

The catch-all leaves every server-owned prefix alone, so an unknown `/api/...` path is
still a JSON 404 and never the app's HTML.
"""

from django.urls import URLPattern, path, re_path

from multichat.web.auth_api import CsrfTokenApi, SessionLoginApi, SessionLogoutApi
from multichat.web.spa import spa_index

SERVER_PREFIXES = r"api/|webhooks/|ws/|healthz|metrics|static/"

auth_urlpatterns: list[URLPattern] = [
    path("api/auth/login/", SessionLoginApi.as_view(), name="auth-login"),
    path("api/auth/logout/", SessionLogoutApi.as_view(), name="auth-logout"),
    path("api/auth/csrf/", CsrfTokenApi.as_view(), name="auth-csrf"),
]

spa_urlpatterns: list[URLPattern] = [
    re_path(rf"^(?!(?:{SERVER_PREFIXES}))(?:.*)$", spa_index, name="spa"),
]
