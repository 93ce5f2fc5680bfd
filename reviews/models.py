"""Counter-notices, answer windows (deadlines as rows) and the penalty-point ledger."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.choices import QuickDisplay


class CounterNoticeGround(models.TextChoices):
    OWN_RIGHT = "own_right", _("I own the right")
    AUTHORIZED = "authorized", _("I am authorized by the right owner")
    GENUINE_GOODS = (
        "genuine_goods",
        _("Genuine goods bought from an authorized distributor"),
    )
    NOT_CLAIMED_IPR = "not_claimed_ipr", _("The listing does not use the claimed IPR")
    OTHER = "other", _("Other")


class CounterNoticeStatus(models.TextChoices):
    AWAITING_COMPLAINANT = "awaiting_complainant", _("Waiting for the complainant's answer")
    ACCEPTED_BY_COMPLAINANT = "accepted_by_complainant", _("Accepted by the complainant")
    LAPSED = "lapsed", _("Complainant did not answer: taken as accepted")
    MAINTAINED = "maintained", _("Complaint maintained: waiting for the platform")
    ACCEPTED = "accepted", _("Accepted by the platform")
    REJECTED = "rejected", _("Rejected by the platform")
    COMPLAINT_WITHDRAWN = "complaint_withdrawn", _("Complaint withdrawn")


CNS = CounterNoticeStatus


class CounterNotice(QuickDisplay, models.Model):
    """A seller's answer to the takedown of one listing (one complained URL): one per chance
    (`round` 1, 2, 3: the platform's `WindowPolicy.counter_notice_rounds`), each with its own
    statement, evidence and outcome. A later round opens only when the one before ended against
    the seller (window lapsed, or the counter-notice rejected)."""

    TRANSITIONS = {
        CNS.AWAITING_COMPLAINANT: {
            CNS.ACCEPTED_BY_COMPLAINANT,
            CNS.LAPSED,
            CNS.MAINTAINED,
            CNS.COMPLAINT_WITHDRAWN,
        },
        CNS.MAINTAINED: {CNS.ACCEPTED, CNS.REJECTED, CNS.COMPLAINT_WITHDRAWN},
        CNS.ACCEPTED_BY_COMPLAINANT: set(),
        CNS.LAPSED: set(),
        CNS.ACCEPTED: set(),
        CNS.REJECTED: set(),
        CNS.COMPLAINT_WITHDRAWN: set(),
    }

    item = models.ForeignKey(
        "complaints.ComplaintItem", on_delete=models.PROTECT, related_name="counter_notices"
    )
    round = models.PositiveSmallIntegerField(_("chance"), default=1)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        max_length=30, choices=CounterNoticeStatus.choices, default=CNS.AWAITING_COMPLAINANT
    )
    grounds = models.CharField(_("grounds"), max_length=20, choices=CounterNoticeGround.choices)
    statement = models.TextField(_("statement"), max_length=5000)
    evidence = models.ManyToManyField("core.Document", blank=True, related_name="+")
    # DMCA 512(g)(3) elements, required when the complaint came as a DMCA notice.
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    signature = models.CharField(_("signature"), max_length=200, blank=True)
    perjury_statement = models.BooleanField(default=False)
    jurisdiction_consent = models.BooleanField(default=False)
    # The complainant's answer when it maintains the complaint.
    complainant_statement = models.TextField(max_length=5000, blank=True)
    complainant_evidence = models.ManyToManyField("core.Document", blank=True, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(max_length=2000, blank=True)

    class Meta:
        ordering = ["round", "id"]
        indexes = [models.Index(fields=["status", "answered_at"], name="cn_queue")]
        constraints = [
            models.UniqueConstraint(fields=["item", "round"], name="one_counter_notice_per_round")
        ]

    def __str__(self) -> str:
        return f"Counter-notice #{self.pk} ({self.get_status_display()})"


class DeadlineKind(models.TextChoices):
    SELLER_COUNTER_NOTICE = "seller_counter_notice", _("Seller's counter-notice window")
    COMPLAINANT_ANSWER = "complainant_answer", _("Complainant's answer window")


class DeadlineStatus(models.TextChoices):
    OPEN = "open", pgettext_lazy("deadline status", "Open")
    MET = "met", _("Answered in time")
    LAPSED = "lapsed", _("Ran out")
    CANCELLED = "cancelled", _("No longer needed")


class Deadline(models.Model):
    """One window with a due time. The periodic task applies the outcome of each open window whose
    due time has passed (`reviews.services.deadlines.apply_deadline`, idempotent)."""

    TRANSITIONS = {
        DeadlineStatus.OPEN: {DeadlineStatus.MET, DeadlineStatus.LAPSED, DeadlineStatus.CANCELLED},
        DeadlineStatus.MET: set(),
        DeadlineStatus.LAPSED: set(),
        DeadlineStatus.CANCELLED: set(),
    }

    item = models.ForeignKey(
        "complaints.ComplaintItem", on_delete=models.PROTECT, related_name="deadlines"
    )
    kind = models.CharField(max_length=30, choices=DeadlineKind.choices)
    # The counter-notice chance the window belongs to (the seller's window of that round, or the
    # complainant's answer to that round's counter-notice).
    round = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(
        max_length=20, choices=DeadlineStatus.choices, default=DeadlineStatus.OPEN
    )
    due_at = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"], name="deadline_due")]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "kind"],
                condition=models.Q(status="open"),
                name="one_open_deadline_per_item_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} due {self.due_at:%Y-%m-%d %H:%M}"


class PenaltyEntry(QuickDisplay, models.Model):
    """One line of a seller's penalty ledger on one platform. Never edited or deleted: a reversed
    decision adds an entry with the opposite points (`reverses`)."""

    seller = models.ForeignKey(
        "catalogue.Seller", on_delete=models.PROTECT, related_name="penalty_entries"
    )
    platform = models.CharField(max_length=20)
    item = models.ForeignKey(
        "complaints.ComplaintItem", on_delete=models.PROTECT, related_name="penalty_entries"
    )
    rights_owner_key = models.CharField(max_length=200)
    count_key = models.CharField(max_length=300)
    points = models.IntegerField()
    explanation = models.CharField(max_length=300)
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["seller", "platform", "created_at"], name="penalty_ledger"),
            models.Index(fields=["seller", "count_key", "created_at"], name="penalty_window"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(reverses__isnull=True),
                name="one_entry_per_item",
            )
        ]

    def __str__(self) -> str:
        return f"{self.seller} {self.points:+d} ({self.explanation})"
