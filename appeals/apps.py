from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "appeals"
    verbose_name = _("Appeals to a second reviewer")

    def ready(self) -> None:
        from core.audit_actions import register_actions
        from core.claims import register_queue

        from .audit_actions import AppealAction
        from .queues import APPEAL_QUEUE

        register_actions(AppealAction)
        register_queue(APPEAL_QUEUE)
