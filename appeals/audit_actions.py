"""Every audit action the appeals workflow writes, with its label for the timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class AppealAction(models.TextChoices):
    SUBMITTED = "appeal.submitted", _("Appeal submitted")
    IN_REVIEW = "appeal.in_review", _("Appeal taken up by a second reviewer")
    GRANTED = "appeal.granted", _("Appeal granted: the decision is reversed")
    DISMISSED = "appeal.dismissed", _("Appeal dismissed: the decision stands")
    WITHDRAWN = "appeal.withdrawn", _("Appeal withdrawn")

    @classmethod
    def for_status(cls, status: str) -> "AppealAction":
        return cls(f"appeal.{status}")
