from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.audit_actions import register_actions

        from .audit_actions import CatalogueAction

        register_actions(CatalogueAction)
