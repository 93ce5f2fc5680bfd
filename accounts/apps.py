from importlib import import_module

from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from core.audit_actions import register_actions

        from .audit_actions import AccountAction

        register_actions(AccountAction)

        from . import browser_sessions  # noqa: F401 - connects the session-index receivers

        post_migrate.connect(_publish_agreement, sender=self)


def _publish_agreement(sender, using: str = "default", **kwargs) -> None:
    """The User Agreement that the data migration publishes, again after every migrate or flush
    (a flush empties every table, data migrations' rows included; registration cannot work
    without a published agreement). Idempotent: get_or_create of the same version."""
    from django.apps import apps

    publish = import_module("accounts.migrations.0002_publish_user_agreement").publish
    model = apps.get_model("accounts", "AgreementVersion")
    if model._meta.db_table in connections[using].introspection.table_names():
        publish(apps, None)
