import uuid

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from knox.models import AbstractAuthToken


class Role(models.TextChoices):
    RIGHTS_OWNER = "rights_owner", _("Rights owner")
    REVIEWER = "reviewer", _("Reviewer")
    SELLER = "seller", _("Seller")


class IdentityKind(models.TextChoices):
    INDIVIDUAL = "individual", _("Individual")
    BUSINESS = "business", _("Business entity")


class RegistrantCategory(models.TextChoices):
    IPR_OWNER = "ipr_owner", _("IPR owner")
    AGENT = "agent", _("Agent authorized by an IPR owner")


class IdentityStatus(models.TextChoices):
    NOT_SUBMITTED = "not_submitted", _("Pending identity verification")
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=Role.REVIEWER)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A portal account. `email` is the registered email (sign-in and notifications);
    `contact_email` also receives notifications and is what a seller sees."""

    email = models.EmailField(_("registered email"), unique=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.RIGHTS_OWNER)
    location = CountryField(_("location"), blank=True)
    identity_kind = models.CharField(
        max_length=20, choices=IdentityKind.choices, default=IdentityKind.INDIVIDUAL
    )
    registrant_category = models.CharField(
        max_length=20, choices=RegistrantCategory.choices, default=RegistrantCategory.IPR_OWNER
    )
    identity_status = models.CharField(
        max_length=20, choices=IdentityStatus.choices, default=IdentityStatus.NOT_SUBMITTED
    )
    complainant_name = models.CharField(
        _("complainant name"),
        max_length=200,
        blank=True,
        help_text=_("The person or company name, exactly as on the identity documents."),
    )
    complainant_name_key = models.CharField(max_length=200, blank=True, db_index=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # An IANA zone name ("Europe/Berlin") the account's pages show times in; blank: the portal's
    # default (core.timezones).
    time_zone = models.CharField(_("time zone"), max_length=64, blank=True)
    # A settings.LANGUAGES code the account's pages, emails and notifications are in; blank: not
    # chosen (pages follow the browser, emails the portal's default). core.languages.
    language = models.CharField(_("language"), max_length=10, blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    identity_expires_on = models.DateField(
        null=True,
        blank=True,
        help_text=_("Earliest expiry among the approved identity documents (drives withdrawal)."),
    )
    agreement_version = models.CharField(max_length=20, blank=True)
    agreement_accepted_at = models.DateTimeField(null=True, blank=True)
    unusual_activity_locked_at = models.DateTimeField(null=True, blank=True)
    # The end of the filing suspension in force (misuse policy, NotifierSanction), kept by
    # accounts.services.standing: filing pages check it on the signed-in row, without a query.
    filing_suspended_until = models.DateTimeField(null=True, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("account")

    def __str__(self) -> str:
        return self.email

    @property
    def is_reviewer(self) -> bool:
        return self.role == Role.REVIEWER

    @property
    def is_seller(self) -> bool:
        return self.role == Role.SELLER

    @property
    def notification_emails(self) -> list[str]:
        emails = [self.email]
        if self.contact_email and self.contact_email.lower() != self.email.lower():
            emails.append(self.contact_email)
        return emails


class AgreementVersion(models.Model):
    """A published version of the IPP User Agreement. Registrants accept the current one."""

    version = models.CharField(max_length=20, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    effective_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-effective_at"]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class RegistrationStatus(models.TextChoices):
    CODE_SENT = "code_sent", _("Verification code sent")
    EMAIL_VERIFIED = "email_verified", _("Email verified")
    COMPLETED = "completed", _("Completed")


class Registration(models.Model):
    """A registration in progress: the form's answers, held until the emailed code is entered and
    a password is set. Only then does an account exist."""

    TRANSITIONS = {
        RegistrationStatus.CODE_SENT: {RegistrationStatus.EMAIL_VERIFIED},
        RegistrationStatus.EMAIL_VERIFIED: {RegistrationStatus.COMPLETED},
        RegistrationStatus.COMPLETED: set(),
    }

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    email = models.EmailField()
    location = CountryField()
    identity_kind = models.CharField(max_length=20, choices=IdentityKind.choices)
    registrant_category = models.CharField(max_length=20, choices=RegistrantCategory.choices)
    agreement = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT)
    agreement_accepted_at = models.DateTimeField()
    status = models.CharField(
        max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.CODE_SENT
    )
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        indexes = [models.Index(fields=["email", "created_at"])]

    def __str__(self) -> str:
        return f"{self.email} ({self.status})"


class CodePurpose(models.TextChoices):
    REGISTRATION = "registration", _("Registration")
    UNLOCK = "unlock", _("Unusual activity unlock")


class VerificationCode(models.Model):
    """A 6-digit code sent by email. Only a keyed hash (HMAC-SHA256) is stored; it dies after
    the allowed number of wrong tries, after its lifetime, or once used."""

    purpose = models.CharField(max_length=20, choices=CodePurpose.choices)
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.CASCADE, related_name="codes"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="codes",
    )
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    consumed_at = models.DateTimeField(null=True, blank=True)
    superseded = models.BooleanField(default=False)
    # Set by the worker once the email went out; a code still unsent is reported on its page.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["purpose", "created_at"])]

    def __str__(self) -> str:
        return f"{self.purpose} code #{self.pk}"

    def is_live(self, now=None) -> bool:
        now = now or timezone.now()
        return (
            self.consumed_at is None
            and not self.superseded
            and self.expires_at > now
            and self.attempts < settings.IPP["CODE_MAX_ATTEMPTS"]
        )


class TrustedDevice(models.Model):
    """A browser or API client that proved itself with an emailed code. The cookie holds a random
    token; only its SHA-256 is stored."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="trusted_devices"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    label = models.CharField(max_length=200, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user} · {self.label[:40]}"


def complainant_key(name: str) -> str:
    """The form of a complainant name used to find accounts under the same name."""
    return " ".join((name or "").casefold().split())


class IdentityDocumentType(models.TextChoices):
    PASSPORT = "passport", _("Passport")
    DRIVING_LICENCE = "driving_licence", _("Driving licence")
    IDENTITY_CARD = "identity_card", _("Identity card")
    BUSINESS_REGISTRATION = "business_registration", _("Business registration certificate")
    INCORPORATION = "incorporation", _("Certificate of incorporation")


class DocumentLanguage(models.TextChoices):
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
    OTHER = "other", _("Another language (translation required)")


class SubmissionPurpose(models.TextChoices):
    INITIAL = "initial", _("Identity verification")
    CHANGE = "change", _("Critical change request")


class SubmissionStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    UNDER_REVIEW = "under_review", _("Under review")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class IdentityRejectionReason(models.TextChoices):
    NAME_MISMATCH = "name_mismatch", _("The complainant name does not match the documents exactly")
    ILLEGIBLE = "illegible", _("A document is unclear or illegible")
    PHOTO_NOT_VISIBLE = "photo_not_visible", _("The photo on the ID document is not visible")
    EXPIRED = "expired", _("A document has expired")
    WRONG_DOCUMENT = "wrong_document", _("The document is not an accepted identity document")
    MISSING_SEAL = "missing_seal", _("The certificate does not bear the company's official seal")
    MISSING_TRANSLATION = "missing_translation", _("A translation is missing or incomplete")
    MISSING_REPRESENTATIVE = (
        "missing_representative",
        _("The legal representative's identity document is missing"),
    )
    OTHER = "other", _("Other")


class IdentitySubmission(models.Model):
    """One submission of proof of identity (or of a critical change to it). Each resubmission is
    a new row, so the history of what was decided stays intact. The account's approved data is
    the latest approved submission; a pending change request leaves it in force."""

    TRANSITIONS = {
        SubmissionStatus.SUBMITTED: {
            SubmissionStatus.UNDER_REVIEW,
            SubmissionStatus.APPROVED,
            SubmissionStatus.REJECTED,
        },
        SubmissionStatus.UNDER_REVIEW: {SubmissionStatus.APPROVED, SubmissionStatus.REJECTED},
        SubmissionStatus.APPROVED: set(),
        # rejected -> approved: an appeal against the rejection was granted (appeals app).
        SubmissionStatus.REJECTED: {SubmissionStatus.APPROVED},
    }

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="identity_submissions"
    )
    purpose = models.CharField(
        max_length=10, choices=SubmissionPurpose.choices, default=SubmissionPurpose.INITIAL
    )
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    identity_kind = models.CharField(max_length=20, choices=IdentityKind.choices)
    complainant_name = models.CharField(max_length=200)
    mainland_china = models.BooleanField(default=False)
    document_type = models.CharField(max_length=30, choices=IdentityDocumentType.choices)
    document = models.ForeignKey("core.Document", on_delete=models.PROTECT, related_name="+")
    document_expires_on = models.DateField(null=True, blank=True)
    document_language = models.CharField(
        max_length=10, choices=DocumentLanguage.choices, default=DocumentLanguage.ENGLISH
    )
    translation = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    official_seal_confirmed = models.BooleanField(default=False)
    representative_name = models.CharField(max_length=200, blank=True)
    representative_document = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    representative_expires_on = models.DateField(null=True, blank=True)
    previous = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.CharField(
        max_length=30, choices=IdentityRejectionReason.choices, blank=True
    )
    rejection_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        indexes = [models.Index(fields=["status", "submitted_at"])]

    def __str__(self) -> str:
        return f"{self.complainant_name} ({self.get_status_display()})"

    @property
    def documents(self) -> list:
        return [d for d in (self.document, self.translation, self.representative_document) if d]

    @property
    def earliest_expiry(self):
        dates = [d for d in (self.document_expires_on, self.representative_expires_on) if d]
        return min(dates) if dates else None


class SoleAccountConfirmation(models.Model):
    """The owner of a complainant name confirms which single account files for it (FAQ).
    Once approved, every other account under the same name is barred from filing."""

    TRANSITIONS = {
        SubmissionStatus.SUBMITTED: {SubmissionStatus.APPROVED, SubmissionStatus.REJECTED},
        SubmissionStatus.APPROVED: set(),
        SubmissionStatus.REJECTED: set(),
    }

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sole_confirmations"
    )
    complainant_name = models.CharField(max_length=200)
    complainant_name_key = models.CharField(max_length=200, db_index=True)
    status = models.CharField(
        max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.SUBMITTED
    )
    identity_document = models.ForeignKey(
        "core.Document", on_delete=models.PROTECT, related_name="+"
    )
    statement = models.ForeignKey("core.Document", on_delete=models.PROTECT, related_name="+")
    representative_document = models.ForeignKey(
        "core.Document", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    rejection_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["complainant_name_key"],
                condition=models.Q(status="approved"),
                name="one_approved_sole_account_per_name",
            )
        ]

    def __str__(self) -> str:
        return f"{self.complainant_name} → {self.account}"

    @property
    def documents(self) -> list:
        return [
            d for d in (self.identity_document, self.statement, self.representative_document) if d
        ]


class ApiToken(AbstractAuthToken):
    """An API client's token (django-rest-knox, KNOX_TOKEN_MODEL): only a hash is stored, it
    expires, and an account holds one per `client_name` (signing in again replaces it).
    `public_id` names it in URLs; the digest and key prefix never leave the server."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    client_name = models.CharField(_("client name"), max_length=100)
    created_ip = models.GenericIPAddressField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        constraints = [
            models.UniqueConstraint(fields=["user", "client_name"], name="one_api_token_per_client")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.client_name}"


class UserSession(models.Model):
    """Index of an account's signed-in browser sessions (the session store itself is keyed by
    session only), so the account page can list them and sign them out."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="browser_sessions"
    )
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_seen_at = models.DateTimeField(default=timezone.now)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-last_seen_at", "-id"]

    def __str__(self) -> str:
        return f"{self.user} · {self.user_agent[:40]}"


class SanctionKind(models.TextChoices):
    WARNING = "warning", _("Warning")
    SUSPENSION = "suspension", _("Filing suspension")


class SanctionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    LIFTED = "lifted", _("Lifted")
    EXPIRED = "expired", _("Expired")


class NotifierSanction(models.Model):
    """A step of the misuse policy (DSA Art. 23, complaints.standing): a warning, then a filing
    suspension for a period. `figures` holds the counts and shares that passed the thresholds.
    A warning has no end (`ends_at` null): it counts for the escalation window, then expires.
    Lifted only through accounts.services.standing.lift_sanction (an appeal granted)."""

    TRANSITIONS = {
        SanctionStatus.ACTIVE: {SanctionStatus.LIFTED, SanctionStatus.EXPIRED},
        SanctionStatus.LIFTED: set(),
        SanctionStatus.EXPIRED: set(),
    }

    account = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sanctions"
    )
    kind = models.CharField(max_length=20, choices=SanctionKind.choices)
    status = models.CharField(
        max_length=20, choices=SanctionStatus.choices, default=SanctionStatus.ACTIVE
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(null=True, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lift_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(
                fields=["account", "kind", "created_at"],
                condition=models.Q(status="active"),
                name="active_sanction_by_account",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.account} · {self.get_status_display()}"


class NotifierStanding(models.Model):
    """One row per rights-owner account: the daily accuracy figures (complaints.standing) and
    the good-faith tier. Written only by accounts.services.standing; `computed_on` makes the
    daily run idempotent. Reviewers' queue pages join this row (no per-complaint queries)."""

    account = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="standing"
    )
    good_faith = models.BooleanField(default=False)
    since = models.DateTimeField(null=True, blank=True)
    left_at = models.DateTimeField(null=True, blank=True)
    rejoin_after = models.DateTimeField(null=True, blank=True)
    decided = models.PositiveIntegerField(default=0)
    taken_down = models.PositiveIntegerField(default=0)
    overturned = models.PositiveIntegerField(default=0)
    unfounded = models.PositiveIntegerField(default=0)
    # Percentages (0-100, one decimal), null while nothing was decided / taken down.
    takedown_rate = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    overturned_rate = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    figures = models.JSONField(default=dict, blank=True)
    computed_at = models.DateTimeField(null=True, blank=True)
    computed_on = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.account} · {'good faith' if self.good_faith else 'standard'}"
