"""Every audit action the IPR app writes, with its label for the timeline."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IPRAction(models.TextChoices):
    CREATED = "ipr.created", _("IPR created")
    EDITED = "ipr.edited", _("IPR edited")
    LETTER_UPLOADED = "ipr.letter_uploaded", _("Authorization letter uploaded")
    SUBMITTED = "ipr.submitted", _("IPR submitted for authentication")
    RESUBMITTED = "ipr.resubmitted", _("IPR resubmitted for authentication")
    RENEWAL_STARTED = "ipr.renewal_started", _("IPR renewal started")
    AUTHENTICATED = "ipr.authenticated", _("IPR authenticated")
    REJECTED = "ipr.rejected", _("IPR authentication failed")
    WITHDRAWN = "ipr.withdrawn", _("IPR withdrawn")
    EXPIRED = "ipr.expired", _("IPR expired")

    @classmethod
    def for_status(cls, status: str) -> "IPRAction":
        """The action of a move to `status` ("ipr.<status>"), written by the sweep."""
        return cls(f"ipr.{status}")
