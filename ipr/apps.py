from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IprConfig(AppConfig):
    name = "ipr"
    verbose_name = _("IPR authentication")

    def ready(self) -> None:
        from core.audit_actions import register_actions
        from core.tallies import keep

        from .audit_actions import IPRAction
        from .selectors import STATUS_TALLY

        register_actions(IPRAction)
        keep(STATUS_TALLY)
