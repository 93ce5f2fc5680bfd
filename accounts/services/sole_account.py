"""Sole account confirmation (FAQ): when several accounts exist under one complainant name, the
owner confirms the single account it files with; a reviewer approves; the others are barred."""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.documents import attach
from core.errors import DomainError
from core.models import Document
from core.notify import notify_user
from core.workflow import check_transition

from ..audit_actions import AccountAction
from ..models import (
    IdentityKind,
    IdentityStatus,
    SoleAccountConfirmation,
    SubmissionStatus,
    User,
)
from ..permissions import require_reviewer
from ..selectors import accounts_sharing_name, approved_sole_account


@transaction.atomic
def submit_sole_account_confirmation(
    *,
    account: User,
    identity_document: Document | None,
    statement: Document | None,
    representative_document: Document | None = None,
) -> SoleAccountConfirmation:
    account = User.objects.select_for_update().get(pk=account.pk)
    if account.identity_status != IdentityStatus.APPROVED:
        raise DomainError(_("Verify your identity first."), code="identity_not_approved")
    if not accounts_sharing_name(account).exists():
        raise DomainError(
            _("No other account uses your complainant name; there is nothing to confirm."),
            code="not_needed",
        )
    if approved_sole_account(account.complainant_name_key) is not None:
        raise DomainError(
            _("A sole account is already confirmed for this complainant name."),
            code="already_confirmed",
        )
    if account.sole_confirmations.filter(status=SubmissionStatus.SUBMITTED).exists():
        raise DomainError(
            _("Your confirmation is already waiting for review."), code="already_pending"
        )
    if identity_document is None or statement is None:
        raise DomainError(
            _("Upload the identity document and the signed exclusive account statement."),
            code="documents_required",
        )
    if account.identity_kind == IdentityKind.BUSINESS and representative_document is None:
        pass  # "if applicable": reviewers ask for it when the certificate names a representative
    confirmation = SoleAccountConfirmation.objects.create(
        account=account,
        complainant_name=account.complainant_name,
        complainant_name_key=account.complainant_name_key,
        identity_document=identity_document,
        statement=statement,
        representative_document=representative_document,
    )
    attach(confirmation.documents)
    audit.record(
        action=AccountAction.SOLE_ACCOUNT_SUBMITTED,
        target=confirmation,
        actor=account,
        to_status=confirmation.status,
    )
    return confirmation


def _locked(confirmation):
    return (
        SoleAccountConfirmation.objects.select_for_update()
        .select_related("account")
        .get(pk=confirmation.pk)
    )


@transaction.atomic
def approve_sole_account(
    *, confirmation: SoleAccountConfirmation, reviewer: User
) -> SoleAccountConfirmation:
    require_reviewer(reviewer)
    confirmation = _locked(confirmation)
    check_transition(confirmation, SubmissionStatus.APPROVED)
    confirmation.status = SubmissionStatus.APPROVED
    confirmation.reviewer = reviewer
    confirmation.decided_at = timezone.now()
    try:
        with transaction.atomic():
            confirmation.save(update_fields=["status", "reviewer", "decided_at"])
    except IntegrityError as exc:
        raise DomainError(
            _("Another account is already confirmed for this complainant name."),
            code="already_confirmed",
        ) from exc
    audit.record(
        action=AccountAction.SOLE_ACCOUNT_APPROVED,
        target=confirmation,
        actor=reviewer,
        from_status=SubmissionStatus.SUBMITTED,
        to_status=confirmation.status,
    )
    notify_user(confirmation.account, "sole_account_decided", {"approved": True})
    for other in accounts_sharing_name(confirmation.account):
        notify_user(
            other,
            "sole_account_barred",
            {
                "complainant_name": confirmation.complainant_name,
            },
        )
    return confirmation


@transaction.atomic
def reject_sole_account(
    *, confirmation: SoleAccountConfirmation, reviewer: User, note: str
) -> SoleAccountConfirmation:
    require_reviewer(reviewer)
    note = (note or "").strip()
    if not note:
        raise DomainError(
            _("Say why the confirmation is rejected."), code="note_required", field="note"
        )
    confirmation = _locked(confirmation)
    check_transition(confirmation, SubmissionStatus.REJECTED)
    confirmation.status = SubmissionStatus.REJECTED
    confirmation.reviewer = reviewer
    confirmation.decided_at = timezone.now()
    confirmation.rejection_note = note[:2000]
    confirmation.save(update_fields=["status", "reviewer", "decided_at", "rejection_note"])
    audit.record(
        action=AccountAction.SOLE_ACCOUNT_REJECTED,
        target=confirmation,
        actor=reviewer,
        from_status=SubmissionStatus.SUBMITTED,
        to_status=confirmation.status,
        reason=note,
    )
    notify_user(confirmation.account, "sole_account_decided", {"approved": False, "note": note})
    return confirmation
