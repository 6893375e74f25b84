"""Media routes under `/api/` (docs/media.md)."""

from django.urls import URLPattern, path

from multichat.media.apis import MessageMediaApi

urlpatterns: list[URLPattern] = [
    path("messages/<int:message_pk>/media/", MessageMediaApi.as_view(), name="message-media"),
]
