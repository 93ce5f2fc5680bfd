"""Identity verification: submit, review, approve, reject; critical changes as new submissions.

Invariants: each service locks the submission row, checks TRANSITIONS, writes one audit row and
queues notifications on commit. An approved account keeps its approved data in force while a
change request waits."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.documents import attach, check_count
from core.errors import DomainError, TransitionError
from core.models import Document
from core.notify import notify_user
from core.workflow import check_transition

from ..audit_actions import AccountAction
from ..models import (
    DocumentLanguage,
    IdentityDocumentType,
    IdentityKind,
    IdentityRejectionReason,
    IdentityStatus,
    IdentitySubmission,
    SubmissionPurpose,
    SubmissionStatus,
    User,
    complainant_key,
)
from ..permissions import require_reviewer, require_rights_owner

INDIVIDUAL_DOCUMENTS = {
    IdentityDocumentType.PASSPORT,
    IdentityDocumentType.DRIVING_LICENCE,
    IdentityDocumentType.IDENTITY_CARD,
}
BUSINESS_DOCUMENTS = {
    IdentityDocumentType.BUSINESS_REGISTRATION,
    IdentityDocumentType.INCORPORATION,
}
MAX_VALIDITY_YEARS = 50
OPEN_STATUSES = (SubmissionStatus.SUBMITTED, SubmissionStatus.UNDER_REVIEW)


@dataclass
class IdentityData:
    complainant_name: str
    document_type: str
    document: Document
    document_expires_on: date | None = None
    document_language: str = DocumentLanguage.ENGLISH
    translation: Document | None = None
    official_seal_confirmed: bool = False
    representative_name: str = ""
    representative_document: Document | None = None
    representative_expires_on: date | None = None


def _check_expiry(value: date | None, field: str, *, required: bool) -> None:
    today = timezone.localdate()
    if value is None:
        if required:
            raise DomainError(
                _("Enter the document's expiry date."), code="expiry_required", field=field
            )
        return
    if value <= today:
        raise DomainError(
            _("This document expired on %(d)s (or expires today); upload a valid one.")
            % {"d": value.isoformat()},
            code="document_expired",
            field=field,
        )
    if value > today + timedelta(days=365 * MAX_VALIDITY_YEARS):
        raise DomainError(
            _("Check the expiry date: it is more than 50 years away."),
            code="expiry_implausible",
            field=field,
        )


def _clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise DomainError(
            _("Enter the complainant name exactly as on the documents."),
            code="name_required",
            field="complainant_name",
        )
    if len(name) > 200 or any(not ch.isprintable() for ch in name):
        raise DomainError(
            _("The complainant name must be at most 200 printable characters."),
            code="name_invalid",
            field="complainant_name",
        )
    return name


def validate_identity_data(account: User, data: IdentityData) -> str:
    """Check the submission against the rules for the account's identity kind. Returns the
    cleaned complainant name."""
    name = _clean_name(data.complainant_name)
    business = account.identity_kind == IdentityKind.BUSINESS
    allowed = BUSINESS_DOCUMENTS if business else INDIVIDUAL_DOCUMENTS
    if data.document_type not in allowed:
        raise DomainError(
            _("Businesses submit a business registration certificate or incorporation document.")
            if business
            else _("Individuals submit a passport, driving licence or identity card."),
            code="wrong_document_type",
            field="document_type",
        )
    if data.document is None:
        raise DomainError(
            _("Upload the identity document."), code="document_required", field="document"
        )
    _check_expiry(data.document_expires_on, "document_expires_on", required=not business)
    if data.document_language == DocumentLanguage.OTHER and data.translation is None:
        raise DomainError(
            _(
                "Documents not in Chinese or English need a translation uploaded beside them "
                "(a notarized translation is recommended)."
            ),
            code="translation_required",
            field="translation",
        )
    if business and account.location == "CN" and not data.official_seal_confirmed:
        raise DomainError(
            _(
                "Chinese companies must affix their official seal to the certificate; confirm it "
                "does."
            ),
            code="seal_required",
            field="official_seal_confirmed",
        )
    if data.representative_document is not None:
        _check_expiry(data.representative_expires_on, "representative_expires_on", required=False)
        if not data.representative_name.strip():
            raise DomainError(
                _("Enter the legal representative's name."),
                code="representative_name_required",
                field="representative_name",
            )
    check_count([data.document, data.translation, data.representative_document])
    return name


@transaction.atomic
def submit_identity(
    *, account: User, data: IdentityData, ip_address: str | None = None
) -> IdentitySubmission:
    """First submission, resubmission after a rejection, or (when already approved) a critical
    change request. Only one submission per account may wait for review at a time."""
    account = User.objects.select_for_update().get(pk=account.pk)
    require_rights_owner(account)
    if account.identity_submissions.filter(status__in=OPEN_STATUSES).exists():
        raise DomainError(
            _("A submission is already waiting for review; you will be told the outcome by email."),
            code="already_pending",
        )
    name = validate_identity_data(account, data)
    change = account.identity_status == IdentityStatus.APPROVED
    previous = account.identity_submissions.first()
    submission = IdentitySubmission.objects.create(
        account=account,
        purpose=SubmissionPurpose.CHANGE if change else SubmissionPurpose.INITIAL,
        identity_kind=account.identity_kind,
        complainant_name=name,
        mainland_china=account.location == "CN"
        and account.identity_kind == IdentityKind.INDIVIDUAL,
        document_type=data.document_type,
        document=data.document,
        document_expires_on=data.document_expires_on,
        document_language=data.document_language,
        translation=data.translation,
        official_seal_confirmed=data.official_seal_confirmed,
        representative_name=" ".join(data.representative_name.split())[:200],
        representative_document=data.representative_document,
        representative_expires_on=data.representative_expires_on,
        previous=previous,
    )
    attach(submission.documents)
    if not change:
        _set_account_status(account, IdentityStatus.SUBMITTED)
    audit.record(
        action=AccountAction.IDENTITY_SUBMITTED,
        target=submission,
        actor=account,
        to_status=submission.status,
        ip_address=ip_address,
        data={"purpose": submission.purpose, "complainant_name": name},
    )
    return submission


def _set_account_status(account: User, status: str) -> None:
    account.identity_status = status
    account.save(update_fields=["identity_status"])


def _locked(submission: IdentitySubmission) -> IdentitySubmission:
    return (
        IdentitySubmission.objects.select_for_update()
        .select_related("account")
        .get(pk=submission.pk)
    )


@transaction.atomic
def start_identity_review(*, submission: IdentitySubmission, reviewer: User) -> IdentitySubmission:
    require_reviewer(reviewer)
    submission = _locked(submission)
    check_transition(submission, SubmissionStatus.UNDER_REVIEW)
    submission.status = SubmissionStatus.UNDER_REVIEW
    submission.reviewer = reviewer
    submission.save(update_fields=["status", "reviewer"])
    if submission.purpose == SubmissionPurpose.INITIAL:
        _set_account_status(submission.account, IdentityStatus.UNDER_REVIEW)
    audit.record(
        action=AccountAction.IDENTITY_REVIEW_STARTED,
        target=submission,
        actor=reviewer,
        from_status=SubmissionStatus.SUBMITTED,
        to_status=submission.status,
    )
    return submission


@transaction.atomic
def approve_identity(
    *, submission: IdentitySubmission, reviewer: User, note: str = ""
) -> IdentitySubmission:
    require_reviewer(reviewer)
    submission = _locked(submission)
    if submission.status not in OPEN_STATUSES:
        # rejected -> approved is an appeal's move only (approve_identity_on_appeal).
        raise TransitionError(
            _("This submission was already decided (%(status)s).")
            % {"status": submission.get_status_display().lower()}
        )
    return _approve(submission, reviewer, note)


@transaction.atomic
def approve_identity_on_appeal(
    *, submission: IdentitySubmission, reviewer: User, note: str, appeal_id: int
) -> IdentitySubmission:
    """rejected -> approved: an appeal against the rejection was granted by a second reviewer.
    Only the account's latest submission, while no other waits for review (a newer decision
    must not be overwritten by an older one). The same follow-up as `approve_identity`."""
    require_reviewer(reviewer)
    submission = _locked(submission)
    if submission.status != SubmissionStatus.REJECTED:
        raise TransitionError(_("This submission is no longer rejected."))
    latest = submission.account.identity_submissions.order_by("-submitted_at", "-id").first()
    if latest is not None and latest.pk != submission.pk:
        raise TransitionError(
            _("A newer identity submission exists; this rejection can no longer be reversed."),
            code="superseded",
        )
    return _approve(submission, reviewer, note, appeal=appeal_id)


def _approve(
    submission: IdentitySubmission, reviewer: User, note: str, **data: object
) -> IdentitySubmission:
    before = submission.status
    check_transition(submission, SubmissionStatus.APPROVED)
    submission.status = SubmissionStatus.APPROVED
    submission.reviewer = reviewer
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "reviewer", "decided_at"])
    account = submission.account
    account.complainant_name = submission.complainant_name
    account.complainant_name_key = complainant_key(submission.complainant_name)
    account.identity_expires_on = submission.earliest_expiry
    account.identity_status = IdentityStatus.APPROVED
    account.save(
        update_fields=[
            "complainant_name",
            "complainant_name_key",
            "identity_expires_on",
            "identity_status",
        ]
    )
    audit.record(
        action=AccountAction.IDENTITY_APPROVED,
        target=submission,
        actor=reviewer,
        from_status=before,
        to_status=submission.status,
        reason=note,
        data={
            "purpose": submission.purpose,
            "complainant_name": submission.complainant_name,
            **data,
        },
    )
    notify_user(
        account,
        "identity_decided",
        {
            "approved": True,
            "change": submission.purpose == SubmissionPurpose.CHANGE,
            "complainant_name": submission.complainant_name,
        },
    )
    return submission


@transaction.atomic
def reject_identity(
    *, submission: IdentitySubmission, reviewer: User, reason: str, note: str = ""
) -> IdentitySubmission:
    require_reviewer(reviewer)
    if reason not in IdentityRejectionReason.values:
        raise DomainError(
            _("Choose a rejection reason from the list."), code="reason_required", field="reason"
        )
    note = (note or "").strip()
    if reason == IdentityRejectionReason.OTHER and not note:
        raise DomainError(
            _("Explain the reason when you choose “Other”."),
            code="note_required",
            field="note",
        )
    submission = _locked(submission)
    before = submission.status
    check_transition(submission, SubmissionStatus.REJECTED)
    submission.status = SubmissionStatus.REJECTED
    submission.reviewer = reviewer
    submission.decided_at = timezone.now()
    submission.rejection_reason = reason
    submission.rejection_note = note[:2000]
    submission.save(
        update_fields=["status", "reviewer", "decided_at", "rejection_reason", "rejection_note"]
    )
    if submission.purpose == SubmissionPurpose.INITIAL:
        _set_account_status(submission.account, IdentityStatus.REJECTED)
    label = IdentityRejectionReason(reason).label
    audit.record(
        action=AccountAction.IDENTITY_REJECTED,
        target=submission,
        actor=reviewer,
        from_status=before,
        to_status=submission.status,
        reason=f"{label}. {note}".strip(),
        data={"reason_code": reason},
    )
    notify_user(
        submission.account,
        "identity_decided",
        {
            "approved": False,
            "change": submission.purpose == SubmissionPurpose.CHANGE,
            "reason": label,  # lazy: core.notify writes it in the recipient's language
            "note": note,
        },
    )
    return submission
