from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalogue.urlcheck import Platform
from core.choices import QuickDisplay

# --- Complaints: a rights owner's report of listings infringing one authenticated IPR ----------


class ComplaintReason(models.TextChoices):
    COUNTERFEIT = "counterfeit", _("Counterfeit")
    TRADEMARK_UNAUTHORIZED_USE = (
        "trademark_unauthorized_use",
        _("Unfair / unauthorized use of the trademark"),
    )
    TRADEMARK_OTHER = "trademark_other", _("Other trademark misuse")
    COPYRIGHT_PIRATED = "copyright_pirated", _("The product or its packaging is pirated")
    COPYRIGHT_CONTENT = (
        "copyright_content",
        _(
            "The product or its packaging includes unauthorized copyrighted content or images "
            "without being pirated"
        ),
    )
    COPYRIGHT_IMAGE = (
        "copyright_image",
        _("An image is used without authorization on the product detail page"),
    )
    COPYRIGHT_TEXT = (
        "copyright_text",
        _("Text is used without authorization on the product detail page"),
    )
    PATENT_INVENTION = "patent_invention", _("Invention patent infringement")
    PATENT_UTILITY_MODEL = "patent_utility_model", _("Utility model patent infringement")
    PATENT_DESIGN = "patent_design", _("Design patent infringement")


class ComplaintSource(models.TextChoices):
    PORTAL = "portal", _("IPP Portal")
    API = "api", _("API")
    DMCA_FORM = "dmca_form", _("DMCA online form (unregistered notifier)")


class ComplaintStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    VALIDATING = "validating", _("Validating URLs")
    SUBMITTED = "submitted", _("Submitted, awaiting review")
    INVALID = "invalid", _("Closed: no valid URL")
    IN_REVIEW = "in_review", _("Under review")
    PROCESSED = "processed", _("Processed")
    CLOSED = "closed", _("Closed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class QueuePriority(models.IntegerChoices):
    """Where a complaint stands in the reviewers' queue: lower first. Set when it is submitted
    (complaints.standing: the complainant's good-faith tier at that moment)."""

    GOOD_FAITH = 0, _("Good-faith notifier: queued first")
    STANDARD = 1, _("Standard")


OPEN_COMPLAINT_STATUSES = (
    ComplaintStatus.VALIDATING,
    ComplaintStatus.SUBMITTED,
    ComplaintStatus.IN_REVIEW,
    ComplaintStatus.PROCESSED,
)


class Complaint(QuickDisplay, models.Model):
    TRANSITIONS = {
        ComplaintStatus.DRAFT: {ComplaintStatus.VALIDATING, ComplaintStatus.WITHDRAWN},
        ComplaintStatus.VALIDATING: {ComplaintStatus.SUBMITTED, ComplaintStatus.INVALID},
        ComplaintStatus.SUBMITTED: {ComplaintStatus.IN_REVIEW, ComplaintStatus.WITHDRAWN},
        ComplaintStatus.IN_REVIEW: {ComplaintStatus.PROCESSED, ComplaintStatus.WITHDRAWN},
        # processed -> in_review: a reviewer undid a takedown within the undo window.
        ComplaintStatus.PROCESSED: {
            ComplaintStatus.CLOSED,
            ComplaintStatus.WITHDRAWN,
            ComplaintStatus.IN_REVIEW,
        },
        ComplaintStatus.INVALID: set(),
        # closed -> processed: an appeal granted reopened one of its rejected URLs (appeals app).
        ComplaintStatus.CLOSED: {ComplaintStatus.PROCESSED},
        ComplaintStatus.WITHDRAWN: set(),
    }

    complainant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
    )
    platform = models.CharField(_("platform"), max_length=20, choices=Platform.choices)
    ipr = models.ForeignKey(
        "ipr.IPR", null=True, blank=True, on_delete=models.PROTECT, related_name="complaints"
    )
    reason = models.CharField(_("complaint reason"), max_length=40, choices=ComplaintReason.choices)
    description = models.TextField(_("description of the infringement"), blank=True)
    source = models.CharField(
        max_length=20, choices=ComplaintSource.choices, default=ComplaintSource.PORTAL
    )
    status = models.CharField(
        max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.DRAFT
    )
    evidence = models.ManyToManyField("core.Document", blank=True, related_name="+")
    priority = models.PositiveSmallIntegerField(
        choices=QueuePriority.choices, default=QueuePriority.STANDARD
    )
    url_count = models.PositiveIntegerField(default=0)
    processed_count = models.PositiveIntegerField(default=0)
    valid_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    validated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["complainant", "-created_at", "-id"], name="complaint_owner_recent"
            ),
            models.Index(fields=["status", "submitted_at"], name="complaint_queue"),
            # Manage Complaints filtered by status, newest first, at any depth.
            models.Index(
                fields=["complainant", "status", "-created_at", "-id"],
                name="complaint_owner_status",
            ),
            # The reviewers' complaint queue, good-faith notifiers first, then oldest first
            # (reviews.queues: the same statuses and order).
            models.Index(
                fields=["priority", "submitted_at", "id"],
                name="complaint_review_queue",
                condition=models.Q(
                    status__in=[ComplaintStatus.SUBMITTED, ComplaintStatus.IN_REVIEW]
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_platform_display()} · {self.get_reason_display()}"

    @property
    def progress_percent(self) -> int:
        if not self.url_count:
            return 100
        return int(100 * self.processed_count / self.url_count)

    @property
    def is_dmca(self) -> bool:
        return self.source == ComplaintSource.DMCA_FORM


class ItemStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for validation")
    VALID = "valid", _("Valid, filed")
    INVALID = "invalid", _("Invalid")
    FLAGGED = "flagged", _("Already under your open complaint")
    ACCEPTED = "accepted", _("Accepted: listing taken down")
    REJECTED = "rejected", _("Rejected")
    UPHELD = "upheld", _("Takedown final")
    RESTORED = "restored", _("Listing restored")
    WITHDRAWN = "withdrawn", _("Withdrawn by the complainant")


# Items a reviewer has decided, and items whose outcome is final (nothing more can happen).
DECIDED_ITEM_STATUSES = (
    ItemStatus.ACCEPTED,
    ItemStatus.REJECTED,
    ItemStatus.UPHELD,
    ItemStatus.RESTORED,
    ItemStatus.WITHDRAWN,
)
FINAL_ITEM_STATUSES = (
    ItemStatus.REJECTED,
    ItemStatus.UPHELD,
    ItemStatus.RESTORED,
    ItemStatus.WITHDRAWN,
)


class ItemRejectionReason(models.TextChoices):
    """The FAQ's reasons for not processing a complained URL."""

    INVALID_LISTING = "invalid_listing", _("The reported product listing is invalid")
    IPR_MISMATCH = (
        "ipr_mismatch",
        _("The claimed IPR does not match the listing (different class of goods)"),
    )
    USE_NOT_LOCATED = (
        "use_not_located",
        _("The use of the claimed IPR cannot be located in the listing"),
    )
    INSUFFICIENT_PROOF = "insufficient_proof", _("Insufficient proof of infringement")
    NOT_INFRINGEMENT = (
        "not_infringement",
        _("Not an IPR infringement (e.g. an unauthorized but genuine sale)"),
    )
    OTHER = "other", _("Other")


class ItemOutcome(models.TextChoices):
    """Why an accepted URL ended as it did. The listing stays visible after processing only in
    the FAQ's three cases: the complainant accepted the counter-notice (silence counts as
    acceptance), the platform accepted it, or the complaint was withdrawn."""

    SELLER_SILENT = "seller_silent", _("No counter-notice in time: the takedown is final")
    COUNTER_NOTICE_REJECTED = (
        "counter_notice_rejected",
        _("The platform rejected the counter-notice: the takedown stands"),
    )
    COMPLAINANT_ACCEPTED = (
        "complainant_accepted",
        _("The complainant accepted the counter-notice"),
    )
    COMPLAINANT_SILENT = (
        "complainant_silent",
        _("The complainant did not answer the counter-notice in time (taken as accepted)"),
    )
    PLATFORM_ACCEPTED = "platform_accepted", _("The platform accepted the counter-notice")
    COMPLAINT_WITHDRAWN = "complaint_withdrawn", _("The complaint was withdrawn")
    DECISION_REVERSED = "decision_reversed", _("The takedown decision was reversed")


class ComplaintItem(QuickDisplay, models.Model):
    """One complained listing URL (a line of the paste)."""

    TRANSITIONS = {
        ItemStatus.PENDING: {ItemStatus.VALID, ItemStatus.INVALID, ItemStatus.FLAGGED},
        ItemStatus.VALID: {ItemStatus.ACCEPTED, ItemStatus.REJECTED, ItemStatus.WITHDRAWN},
        # accepted -> valid: the deciding reviewer undid the takedown within the undo window.
        ItemStatus.ACCEPTED: {
            ItemStatus.UPHELD,
            ItemStatus.RESTORED,
            ItemStatus.WITHDRAWN,
            ItemStatus.VALID,
        },
        ItemStatus.UPHELD: {ItemStatus.RESTORED},
        ItemStatus.INVALID: set(),
        ItemStatus.FLAGGED: set(),
        # rejected -> accepted: an appeal by the complainant was granted (appeals app).
        ItemStatus.REJECTED: {ItemStatus.ACCEPTED},
        ItemStatus.RESTORED: set(),
        ItemStatus.WITHDRAWN: set(),
    }

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="items")
    line = models.PositiveIntegerField()
    url = models.CharField(max_length=2048)
    platform = models.CharField(max_length=20, blank=True)
    listing_id = models.CharField(max_length=32, blank=True)
    status = models.CharField(max_length=20, choices=ItemStatus.choices, default=ItemStatus.PENDING)
    error_code = models.CharField(max_length=30, blank=True)
    error_message = models.CharField(max_length=500, blank=True)
    catalogue_listing = models.ForeignKey(
        "catalogue.Listing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint_items",
    )
    seller = models.ForeignKey(
        "catalogue.Seller",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaint_items",
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    # The reviewer's decision and the final outcome (reviews app services write these).
    rejection_reason = models.CharField(
        _("rejection reason"), max_length=30, choices=ItemRejectionReason.choices, blank=True
    )
    decision_note = models.TextField(_("note"), max_length=2000, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    # Accepted by a second reviewer granting the owner's appeal: final, no undo window (the
    # seller's counter-notice remains the way back). Normal decisions start from "valid", which
    # such a URL never returns to.
    decided_on_appeal = models.BooleanField(default=False)
    outcome = models.CharField(_("outcome"), max_length=30, choices=ItemOutcome.choices, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["complaint", "line"]
        indexes = [
            # A listing id searched alone or with its platform (Manage Complaints, validation).
            models.Index(fields=["listing_id", "platform"], name="item_listing"),
            models.Index(fields=["seller", "status"], name="item_seller"),
            # Validation: the valid URLs naming a listing, to find one already under another open
            # complaint of the owner (complaints.services._already_complained).
            models.Index(
                fields=["catalogue_listing"],
                name="item_valid_listing",
                condition=models.Q(status=ItemStatus.VALID),
            ),
            # The seller's list of its URLs, newest decision first (visibility: the same rule).
            models.Index(
                fields=["seller", "-decided_at", "-id"],
                name="item_seller_visible",
                condition=models.Q(
                    status__in=[
                        ItemStatus.ACCEPTED,
                        ItemStatus.UPHELD,
                        ItemStatus.RESTORED,
                        ItemStatus.WITHDRAWN,
                    ],
                    decided_at__isnull=False,
                ),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["complaint", "line"], name="item_line_once"),
        ]

    def __str__(self) -> str:
        return self.url[:80]


class DmcaNotice(models.Model):
    """The DMCA 512(c)(3) elements of a notice filed through the public form, without an account."""

    complaint = models.OneToOneField(Complaint, on_delete=models.CASCADE, related_name="dmca")
    notifier_name = models.CharField(max_length=200)
    notifier_email = models.EmailField()
    notifier_phone = models.CharField(max_length=40)
    notifier_address = models.TextField(max_length=500)
    rights_owner_name = models.CharField(max_length=200)
    work_description = models.TextField(max_length=5000)
    signature = models.CharField(max_length=200)
    good_faith_statement = models.BooleanField(default=False)
    accuracy_statement = models.BooleanField(default=False)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    # The language of the form the notice was sent from: the notifier has no account, its emails
    # go out in this one (core.languages).
    language = models.CharField(max_length=10, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"DMCA notice by {self.notifier_name}"


class SavedFilter(models.Model):
    """A named set of Manage Complaints filters an account saved to pick again: the filter
    parameters as a query string (only the list's own filter names, as the form cleaned them)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_complaint_filters"
    )
    name = models.CharField(_("name"), max_length=60)
    query = models.CharField(max_length=2500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="one_saved_filter_per_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.query})"
