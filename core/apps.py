from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Portal plumbing"

    def ready(self) -> None:
        from .audit_actions import CoreAction, register_actions

        register_actions(CoreAction)
