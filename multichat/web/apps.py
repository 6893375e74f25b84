from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "multichat.web"
    label = "web"
