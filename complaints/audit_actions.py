"""Every audit action the complaints app writes, with its label for the timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ComplaintAction(models.TextChoices):
    DRAFT_SAVED = "complaint.draft_saved", _("Draft saved")
    SUBMITTED = "complaint.submitted", _("Complaint submitted")
    VALIDATED = "complaint.validated", _("URLs checked")
    WITHDRAWN = "complaint.withdrawn", _("Complaint withdrawn")
    DMCA_RECEIVED = "complaint.dmca_received", _("DMCA notice received")
    FILTER_SAVED = "complaint_filter.saved", _("Manage Complaints filter saved")
    FILTER_DELETED = "complaint_filter.deleted", _("Manage Complaints filter deleted")
    # "url.<status>" for the validation moves out of pending, as core.workflow.audit_moves
    # writes them:
    URL_VALID = "url.valid", _("URL valid")
    URL_INVALID = "url.invalid", _("URL invalid")
    URL_FLAGGED = "url.flagged", _("URL already under an open complaint")
    URL_WITHDRAWN = "url.withdrawn", _("URL withdrawn")
