from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from core.audit_actions import register_actions

        from .audit_actions import AccountAction

        register_actions(AccountAction)

        from . import browser_sessions  # noqa: F401 - connects the session-index receivers
