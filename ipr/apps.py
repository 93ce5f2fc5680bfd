from django.apps import AppConfig


class IprConfig(AppConfig):
    name = "ipr"
