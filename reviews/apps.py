from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "reviews"
    verbose_name = _("Reviews, takedowns and counter-notices")

    def ready(self) -> None:
        from complaints.selectors import on_action_needed
        from complaints.services import on_withdrawal
        from core.audit_actions import register_actions
        from core.claims import register_queue
        from core.selectors import allow_documents

        from .audit_actions import ReviewAction
        from .queues import QUEUES
        from .selectors import counter_notices_to_answer, may_read_review_document
        from .services.counter_notices import on_complaint_withdrawn

        register_actions(ReviewAction)
        for queue in QUEUES:
            register_queue(queue)
        on_withdrawal(on_complaint_withdrawn)
        allow_documents(may_read_review_document)
        on_action_needed(counter_notices_to_answer)
