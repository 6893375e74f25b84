from django.apps import AppConfig


class TenantsConfig(AppConfig):
    name = "multichat.tenants"
    label = "tenants"
