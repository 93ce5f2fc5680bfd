"""Every audit action the review workflow writes, with its label for the timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewAction(models.TextChoices):
    URL_ACCEPTED = "url.accepted", _("URL accepted: listing taken down")
    URL_REJECTED = "url.rejected", _("URL rejected")
    URL_UPHELD = "url.upheld", _("Takedown final")
    URL_RESTORED = "url.restored", _("Listing restored")
    URL_REVERSAL_NOTE = "url.reversal_note", _("Takedown reversed by a reviewer")
    URL_UNDONE = "url.undone", _("Takedown undone by the reviewer: the URL awaits a decision")
    COMPLAINT_IN_REVIEW = "complaint.in_review", _("Review started")
    COMPLAINT_PROCESSED = "complaint.processed", _("Complaint processed")
    COMPLAINT_CLOSED = "complaint.closed", _("Complaint closed")
    DEADLINE_OPENED = "deadline.opened", _("Answer window opened")
    DEADLINE_MET = "deadline.met", _("Answer window met")
    DEADLINE_LAPSED = "deadline.lapsed", _("Answer window ran out")
    DEADLINE_CANCELLED = "deadline.cancelled", _("Answer window no longer needed")
    COUNTER_NOTICE_SUBMITTED = "counter_notice.submitted", _("Counter-notice submitted")
    COUNTER_NOTICE_ACCEPTED_BY_COMPLAINANT = (
        "counter_notice.accepted_by_complainant",
        _("Counter-notice accepted by the complainant"),
    )
    COUNTER_NOTICE_MAINTAINED = "counter_notice.maintained", _("Complaint maintained")
    COUNTER_NOTICE_ACCEPTED = "counter_notice.accepted", _("Counter-notice accepted")
    COUNTER_NOTICE_REJECTED = "counter_notice.rejected", _("Counter-notice rejected")
    COUNTER_NOTICE_LAPSED = (
        "counter_notice.lapsed",
        _("Complainant did not answer: counter-notice taken as accepted"),
    )
    COUNTER_NOTICE_COMPLAINT_WITHDRAWN = (
        "counter_notice.complaint_withdrawn",
        _("Counter-notice closed: complaint withdrawn"),
    )
    PENALTY_RECORDED = "penalty.recorded", _("Penalty points recorded")
    PENALTY_REVERSED = "penalty.reversed", _("Penalty points reversed")

    # The services write "<subject>.<new status>"; these map a status to its member (and fail
    # loudly for a status that has no action).
    @classmethod
    def for_item(cls, status: str) -> "ReviewAction":
        return cls(f"url.{status}")

    @classmethod
    def for_complaint(cls, status: str) -> "ReviewAction":
        return cls(f"complaint.{status}")

    @classmethod
    def for_deadline(cls, status: str) -> "ReviewAction":
        return cls(f"deadline.{status}")

    @classmethod
    def for_counter_notice(cls, status: str) -> "ReviewAction":
        return cls(f"counter_notice.{status}")
