"""Provider webhook routes (CONTRACT.md "Webhooks")."""

from django.urls import path

from multichat.webhooks.views import evolution_webhook, meta_webhook

urlpatterns = [
    path("meta/", meta_webhook, name="webhook-meta"),
    path("evolution/", evolution_webhook, name="webhook-evolution"),
    path("evolution/<slug:event_slug>/", evolution_webhook, name="webhook-evolution-event"),
]
