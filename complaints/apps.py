from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "complaints"

    def ready(self) -> None:
        from core.audit_actions import register_actions
        from core.selectors import allow_documents
        from core.tallies import keep

        from .audit_actions import ComplaintAction
        from .selectors import STATUS_TALLY
        from .visibility import may_read_complaint_evidence

        register_actions(ComplaintAction)
        allow_documents(may_read_complaint_evidence)
        keep(STATUS_TALLY)
