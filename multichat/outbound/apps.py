from django.apps import AppConfig


class OutboundConfig(AppConfig):
    name = "multichat.outbound"
    label = "outbound"
