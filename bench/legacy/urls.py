"""The real routes plus the old stream at `/api/legacy/realtime-updates/`."""

from typing import cast

from django.urls import URLPattern, URLResolver, path

from bench.legacy.views import legacy_updates
from config.urls import urlpatterns as real_urlpatterns

Routes = list[URLPattern | URLResolver]

urlpatterns: Routes = [
    path("api/legacy/realtime-updates/", legacy_updates, name="legacy-realtime-updates"),
    *cast(Routes, real_urlpatterns),
]

handler404 = "multichat.core.api.not_found"
