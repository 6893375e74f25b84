from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "multichat.webhooks"
    label = "webhooks"
