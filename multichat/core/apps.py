from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "multichat.core"
    label = "core"
