"""Appeals (DSA Article 20): the party a decision went against asks a second reviewer to look
again. One appeal per decision (a withdrawn one does not count); the reviewer who took the first
decision may neither claim nor decide it; the answer carries a reason code and a text."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import QuickDisplay


class AppealKind(models.TextChoices):
    REJECTED_URL = "rejected_url", _("A rejected complaint URL")
    TAKEDOWN = "takedown", _("A takedown that became final")
    IPR_REJECTION = "ipr_rejection", _("A failed IPR authentication")
    IDENTITY_REJECTION = "identity_rejection", _("A rejected identity submission")
    SANCTION = "sanction", _("A misuse warning or filing suspension")


# The subject field of each kind: exactly this one is set (the check constraint below).
SUBJECT_FIELD = {
    AppealKind.REJECTED_URL: "item",
    AppealKind.TAKEDOWN: "item",
    AppealKind.IPR_REJECTION: "ipr",
    AppealKind.IDENTITY_REJECTION: "identity_submission",
    AppealKind.SANCTION: "sanction",
}
SUBJECT_FIELDS = ("item", "ipr", "identity_submission", "sanction")


class AppealStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted, waiting for a reviewer")
    IN_REVIEW = "in_review", _("Under review by a second reviewer")
    GRANTED = "granted", _("Granted: the decision is reversed")
    DISMISSED = "dismissed", _("Dismissed: the decision stands")
    WITHDRAWN = "withdrawn", _("Withdrawn by the appellant")


OPEN_APPEAL_STATUSES = (AppealStatus.SUBMITTED, AppealStatus.IN_REVIEW)


class AppealReason(models.TextChoices):
    """The reason code of the reviewer's answer (the text explains it)."""

    NEW_EVIDENCE = "new_evidence", _("New evidence changes the outcome")
    FACTS_MISREAD = "facts_misread", _("The first decision misread the facts or the evidence")
    RULE_MISAPPLIED = "rule_misapplied", _("The first decision misapplied the rules")
    DECISION_CORRECT = "decision_correct", _("The first decision was correct")
    NOT_SUPPORTED = "not_supported", _("The statement and evidence do not support a change")
    OTHER = "other", _("Other")


GRANT_REASONS = (
    AppealReason.NEW_EVIDENCE,
    AppealReason.FACTS_MISREAD,
    AppealReason.RULE_MISAPPLIED,
    AppealReason.OTHER,
)
DISMISS_REASONS = (AppealReason.DECISION_CORRECT, AppealReason.NOT_SUPPORTED, AppealReason.OTHER)


def _only(kinds: tuple[str, ...], field: str) -> Q:
    q = Q(kind__in=kinds) & Q(**{f"{field}__isnull": False})
    for other in SUBJECT_FIELDS:
        if other != field:
            q &= Q(**{f"{other}__isnull": True})
    return q


def subject_check() -> Q:
    by_field: dict[str, tuple[str, ...]] = {}
    for kind, field in SUBJECT_FIELD.items():
        by_field[field] = (*by_field.get(field, ()), kind.value)
    q = Q()
    for field, kinds in by_field.items():
        q |= _only(kinds, field)
    return q


def _one_per(name: str, *fields: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(
        fields=list(fields), condition=~Q(status=AppealStatus.WITHDRAWN), name=name
    )


class Appeal(QuickDisplay, models.Model):
    TRANSITIONS = {
        AppealStatus.SUBMITTED: {AppealStatus.IN_REVIEW, AppealStatus.WITHDRAWN},
        AppealStatus.IN_REVIEW: {
            AppealStatus.GRANTED,
            AppealStatus.DISMISSED,
            AppealStatus.WITHDRAWN,
        },
        AppealStatus.GRANTED: set(),
        AppealStatus.DISMISSED: set(),
        AppealStatus.WITHDRAWN: set(),
    }

    kind = models.CharField(_("decision appealed"), max_length=30, choices=AppealKind.choices)
    status = models.CharField(
        max_length=20, choices=AppealStatus.choices, default=AppealStatus.SUBMITTED
    )
    item = models.ForeignKey(
        "complaints.ComplaintItem",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    ipr = models.ForeignKey(
        "ipr.IPR", null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )
    identity_submission = models.ForeignKey(
        "accounts.IdentitySubmission",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    sanction = models.ForeignKey(
        "accounts.NotifierSanction",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="appeals",
    )
    appellant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="appeals"
    )
    statement = models.TextField(_("statement"), max_length=5000)
    evidence = models.ManyToManyField("core.Document", blank=True, related_name="+")
    # The decision appealed: when it was taken and by whom (copied at filing time).
    decision_at = models.DateTimeField()
    decision_summary = models.TextField(max_length=5000, blank=True)
    first_decider = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=30, choices=AppealReason.choices, blank=True)
    answer = models.TextField(_("answer"), max_length=5000, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [
            models.Index(fields=["appellant", "-submitted_at", "-id"], name="appeal_appellant"),
            models.Index(
                fields=["submitted_at", "id"],
                name="appeal_queue",
                condition=Q(status__in=["submitted", "in_review"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=subject_check(), name="appeal_subject_matches_kind"),
            _one_per("one_appeal_per_item_decision", "kind", "item"),
            _one_per("one_appeal_per_ipr_decision", "ipr", "decision_at"),
            _one_per("one_appeal_per_identity_decision", "identity_submission"),
            _one_per("one_appeal_per_sanction", "sanction"),
        ]

    def __str__(self) -> str:
        return f"Appeal #{self.pk} ({self.get_kind_display()})"

    @property
    def subject(self):
        return getattr(self, SUBJECT_FIELD[AppealKind(self.kind)])

    @property
    def is_granted(self) -> bool:
        return self.status == AppealStatus.GRANTED

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_APPEAL_STATUSES
