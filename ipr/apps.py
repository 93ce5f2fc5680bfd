from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
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
        post_save.connect(_names_changed, sender="ipr.IPR", dispatch_uid="ipr-names-saved")
        post_delete.connect(_names_changed, sender="ipr.IPR", dispatch_uid="ipr-names-deleted")


def _names_changed(sender, instance, **kwargs) -> None:
    from .selectors import names_changed

    names_changed(instance.owner_id)
