"""Top-level routes: REST under /api/, provider webhooks under /webhooks/."""

from django.urls import include, path

from multichat.core.metrics_view import metrics
from multichat.realtime.health import healthz
from multichat.web.urls import auth_urlpatterns, spa_urlpatterns

urlpatterns = [
    *auth_urlpatterns,
    path("api/", include("multichat.chats.urls")),
    path("api/", include("multichat.media.urls")),
    path("webhooks/", include("multichat.webhooks.urls")),
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),
    *spa_urlpatterns,
]

handler404 = "multichat.core.api.not_found"
