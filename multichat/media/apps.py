from django.apps import AppConfig


class MediaConfig(AppConfig):
    name = "multichat.media"
    label = "media"
