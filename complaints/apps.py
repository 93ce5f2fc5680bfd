from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "complaints"

    def ready(self) -> None:
        from core.audit_actions import register_actions

        from .audit_actions import ComplaintAction

        register_actions(ComplaintAction)
