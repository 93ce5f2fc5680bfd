"""IPRs: the portal's store of proven trademarks, patents and copyrights.

One row is one right in one application (the FAQ: one registration certificate per application).
Status moves only through `ipr.services`; `TRANSITIONS` is the one definition of legal moves.

The "ends today" rule: a term (the right's, the authorization letter's, the identity
document's) that ends on day D is valid through D, in the portal's time zone. It can still be
submitted and authenticated on D; the daily sweep withdraws it from D + 1. See `is_current`.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.choices import QuickDisplay, translated


class IPRKind(models.TextChoices):
    TRADEMARK = "trademark", _("Trademark")
    PATENT = "patent", _("Patent")
    COPYRIGHT = "copyright", _("Copyright")


class IPRStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PENDING = "pending", _("Pending authentication")
    AUTHENTICATED = "authenticated", _("Authenticated")
    FAILED = "failed", _("Authentication failed")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    EXPIRED = "expired", _("Expired")


class DocumentType(models.TextChoices):
    """What the applicant says the main document is. A filing receipt is refused (FAQ)."""

    REGISTRATION_CERTIFICATE = (
        "registration_certificate",
        _("Registration or grant certificate issued by the office"),
    )
    FILING_RECEIPT = "filing_receipt", _("Official filing receipt / application acceptance notice")
    OWNERSHIP_STATEMENT = (
        "ownership_statement",
        _("Signed copyright ownership statement (unregistered work)"),
    )


class PatentType(models.TextChoices):
    INVENTION = "invention", _("Invention patent")
    UTILITY_MODEL = "utility_model", _("Utility model patent")
    DESIGN = "design", _("Design patent")


class WorkType(models.TextChoices):
    ARTWORK = "artwork", _("Artwork / illustration")
    PHOTOGRAPH = "photograph", _("Photograph")
    LITERARY = "literary", _("Text / literary work")
    AUDIOVISUAL = "audiovisual", _("Audiovisual work")
    SOFTWARE = "software", _("Software")
    MUSIC = "music", _("Music")
    PRODUCT_DESIGN = "product_design", _("Product or packaging design")
    OTHER = "other", _("Other")


class RejectionReason(models.TextChoices):
    FILING_RECEIPT = (
        "filing_receipt",
        _("The document is a filing receipt, not a registration certificate"),
    )
    OWNER_NAME_MISMATCH = (
        "owner_name_mismatch",
        _("The owner name does not match the registration document"),
    )
    MISSING_CONTENT_PAGES = (
        "missing_content_pages",
        _("The pages bearing the content of the work are missing"),
    )
    AUTHORIZATION_LETTER = (
        "authorization_letter",
        _("The authorization letter is missing or defective"),
    )
    ILLEGIBLE = "illegible", _("A document is unclear or illegible")
    RIGHT_EXPIRED = "right_expired", _("The right has expired")
    OTHER = "other", _("Other")


class WithdrawalReason(models.TextChoices):
    RIGHT_EXPIRED = "right_expired", _("The term of the IPR has expired")
    LETTER_EXPIRED = (
        "letter_expired",
        _("The term of the authorization letter for IPR enforcement has expired"),
    )
    IDENTITY_EXPIRED = "identity_expired", _("The term of the identity certificate has expired")
    INVALID = "invalid", _("The IPR has become or was declared invalid")


class ExpiryKind(models.TextChoices):
    RIGHT = "right", _("IPR term")
    LETTER = "letter", _("Authorization letter term")
    IDENTITY = "identity", _("Identity certificate")


def is_current(ends_on: datetime.date | None, today: datetime.date | None = None) -> bool:
    """The ends-today rule in one place: a term ending on `ends_on` is valid through that day."""
    return ends_on is None or ends_on >= (today or timezone.localdate())


def kind_labels() -> dict[str, str]:
    """Each kind's label in the current language (for `ipr_name` over a list)."""
    return translated(IPRKind)


def ipr_name(
    kind: str,
    mark_word: str,
    title: str,
    work_title: str,
    number: str,
    *,
    kinds: dict[str, str] | None = None,
) -> str:
    """What lists call an IPR ("Trademark ACME · TM1005"), from its NAME_FIELDS, so that a list of
    many reads those columns only, translating each kind once (`kinds`). Not get_kind_display(),
    which hashes every choice's lazy label on each call (a third of a page naming 200 IPRs)."""
    if kinds is None:
        kinds = kind_labels()
    kind_label = kinds.get(kind, kind)
    name = mark_word or title or work_title or str(_("(logo mark)"))
    return f"{kind_label} {name} · {number}" if number else f"{kind_label} {name}"


class IPR(QuickDisplay, models.Model):
    TRANSITIONS = {
        IPRStatus.DRAFT: {IPRStatus.PENDING},
        IPRStatus.PENDING: {IPRStatus.AUTHENTICATED, IPRStatus.FAILED},
        # failed -> authenticated: an appeal against the rejection was granted (appeals app).
        IPRStatus.FAILED: {IPRStatus.PENDING, IPRStatus.AUTHENTICATED},
        IPRStatus.AUTHENTICATED: {IPRStatus.WITHDRAWN, IPRStatus.EXPIRED},
        IPRStatus.WITHDRAWN: set(),
        IPRStatus.EXPIRED: set(),
    }
    EDITABLE = {IPRStatus.DRAFT, IPRStatus.FAILED}
    RENEWABLE = {IPRStatus.WITHDRAWN, IPRStatus.EXPIRED}

    kind = models.CharField(_("type of right"), max_length=20, choices=IPRKind.choices)
    status = models.CharField(max_length=20, choices=IPRStatus.choices, default=IPRStatus.DRAFT)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="iprs"
    )
    right_owner_name = models.CharField(_("IPR owner name"), max_length=200)
    is_registered = models.BooleanField(_("registered with an office"), default=True)
    document_type = models.CharField(
        _("main document"),
        max_length=30,
        choices=DocumentType.choices,
        default=DocumentType.REGISTRATION_CERTIFICATE,
    )
    jurisdiction = models.CharField(_("country or region"), max_length=100, blank=True)
    office = models.CharField(_("registering office"), max_length=200, blank=True)
    number = models.CharField(_("registration number"), max_length=100, blank=True)
    registered_on = models.DateField(_("registration / grant date"), null=True, blank=True)
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    certificate = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    supporting_documents = models.ManyToManyField("core.Document", blank=True, related_name="+")
    # The supporting documents of a page of IPRs read in one go (ipr.selectors.load_documents);
    # None: read from supporting_documents when asked.
    loaded_supporting_documents: "list | None" = None

    # trademark
    mark_word = models.CharField(_("word mark"), max_length=200, blank=True)
    logo = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    nice_classes = models.JSONField(_("Nice classes"), default=list, blank=True)
    goods_services = models.TextField(_("goods and services"), max_length=5000, blank=True)
    is_madrid = models.BooleanField(_("Madrid (WIPO) international registration"), default=False)
    madrid_designation = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # patent
    patent_type = models.CharField(max_length=20, choices=PatentType.choices, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    evaluation_report = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # copyright
    work_title = models.CharField(_("title of the work"), max_length=300, blank=True)
    work_type = models.CharField(max_length=20, choices=WorkType.choices, blank=True)
    content_pages = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    ownership_statement = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    authorship_proof = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    # agent filing
    authorization_letter = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    letter_starts_on = models.DateField(_("authorization starts on"), null=True, blank=True)
    letter_ends_on = models.DateField(_("authorization ends on"), null=True, blank=True)

    # decisions
    rejection_code = models.CharField(max_length=30, choices=RejectionReason.choices, blank=True)
    rejection_text = models.TextField(blank=True)
    withdrawal_code = models.CharField(max_length=30, choices=WithdrawalReason.choices, blank=True)
    withdrawal_text = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    version = models.PositiveIntegerField(default=1)
    renewal_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewals"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("IPR")
        verbose_name_plural = _("IPRs")
        ordering = ["-created_at", "-id"]
        indexes = [
            # IPR Management, newest first, whole list and per status (ipr 0002)
            models.Index(fields=["owner", "-created_at", "-id"], name="ipr_owner_newest"),
            models.Index(
                fields=["owner", "status", "-created_at", "-id"], name="ipr_owner_status_newest"
            ),
            models.Index(fields=["status", "submitted_at"]),
            # the sweep: authenticated rows whose term has passed
            models.Index(fields=["status", "expires_on"], name="ipr_sweep_right"),
            models.Index(fields=["status", "letter_ends_on"], name="ipr_sweep_letter"),
        ]

    NAME_FIELDS = ("kind", "mark_word", "title", "work_title", "number")

    def __str__(self) -> str:
        kinds = {self.kind: self.get_kind_display()}
        return ipr_name(*(getattr(self, f) for f in self.NAME_FIELDS), kinds=kinds)

    @property
    def label(self) -> str:
        name = self.mark_word or self.title or self.work_title or str(_("(logo mark)"))
        return f"{name} · {self.number}" if self.number else name

    @property
    def reason_text(self) -> str:
        """What the owner reads next to the status."""
        if self.status == IPRStatus.FAILED:
            code = self.get_rejection_code_display()
            return f"{code}. {self.rejection_text}".strip() if self.rejection_text else code
        if self.status in (IPRStatus.WITHDRAWN, IPRStatus.EXPIRED):
            code = self.get_withdrawal_code_display()
            return f"{code}. {self.withdrawal_text}".strip() if self.withdrawal_text else code
        return ""

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def is_renewable(self) -> bool:
        return self.status in self.RENEWABLE

    @property
    def needs_evaluation_hint(self) -> bool:
        return self.kind == IPRKind.PATENT and self.patent_type in (
            PatentType.UTILITY_MODEL,
            PatentType.DESIGN,
        )

    def documents_by_role(self) -> list[tuple[str, object]]:
        """(label, document) for every attached document, in the order reviewers read them."""
        roles = [
            (_("Registration certificate"), self.certificate),
            (_("Logo"), self.logo),
            (_("Madrid designation certificate"), self.madrid_designation),
            (_("Patent evaluation report"), self.evaluation_report),
            (_("Pages bearing the content of the work"), self.content_pages),
            (_("Copyright ownership statement"), self.ownership_statement),
            (_("Proof of authorship"), self.authorship_proof),
            (_("Authorization letter"), self.authorization_letter),
        ]
        if self.kind == IPRKind.COPYRIGHT and self.is_registered:
            roles[0] = (_("Registration page"), self.certificate)
        docs = [(label, doc) for label, doc in roles if doc is not None]
        supporting = self.loaded_supporting_documents
        if supporting is None:  # in the order uploaded, as load_documents reads them
            supporting = sorted(
                self.supporting_documents.all(), key=lambda d: (d.uploaded_at, str(d.pk))
            )
        docs += [(_("Supporting document"), d) for d in supporting]
        return docs


class ExpiryReminder(models.Model):
    """One reminder email sent for one expiry of one IPR. The unique key makes the reminder
    sweep idempotent; keying on the date re-arms reminders when the date changes (renewal)."""

    ipr = models.ForeignKey(IPR, on_delete=models.CASCADE, related_name="reminders")
    expiry_kind = models.CharField(max_length=20, choices=ExpiryKind.choices)
    expires_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["ipr", "expiry_kind", "expires_on", "days_before"],
                name="ipr_reminder_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ipr_id} {self.expiry_kind} {self.expires_on} -{self.days_before}d"
