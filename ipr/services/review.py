"""The reviewer's side: authenticate, reject with a reason, mark an authenticated right invalid.

Each service locks the row and re-checks its status after the lock, so when two reviewers act
on one IPR at once the second waits, sees the first decision and gets a TransitionError."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require_reviewer
from core import audit
from core.errors import DomainError, TransitionError
from core.notify import notify_user

from ..audit_actions import IPRAction
from ..models import IPR, IPRStatus, RejectionReason, WithdrawalReason, is_current
from ..validation import needs_authorization_letter
from .common import check_transition, locked
from .submission import _email_context

MAX_NOTE = 2000


def _clean_note(text: str, *, required: bool, field: str = "text") -> str:
    text = (text or "").strip()
    if "\x00" in text:
        raise DomainError(_("The note contains characters that are not allowed."), field=field)
    if len(text) > MAX_NOTE:
        raise DomainError(_("Use at most %(n)d characters.") % {"n": MAX_NOTE}, field=field)
    if required and not text:
        raise DomainError(_("Explain the reason in a sentence the owner can act on."), field=field)
    return text


def _still_valid_today(ipr: IPR) -> None:
    today = timezone.localdate()
    checks = (
        (ipr.expires_on, _("The right expired on %(date)s; reject it as expired.")),
        (ipr.letter_ends_on, _("The authorization letter ended on %(date)s; reject it.")),
        (ipr.owner.identity_expires_on, _("The owner's identity certificate expired on %(date)s.")),
    )
    for ends_on, message in checks:
        if ends_on is not None and not is_current(ends_on, today):
            raise DomainError(message % {"date": ends_on.isoformat()}, code="expired")
    if needs_authorization_letter(ipr) and ipr.authorization_letter_id is None:
        raise DomainError(
            _("The authorization letter is missing; reject with that reason."),
            code="letter_required",
        )


def approve_ipr(*, ipr: IPR, actor: User, note: str = "") -> IPR:
    """pending -> authenticated. Refused when a term has already passed."""
    require_reviewer(actor)
    note = _clean_note(note, required=False, field="note")
    with transaction.atomic():
        ipr = locked(ipr)
        if ipr.status != IPRStatus.PENDING:
            # failed -> authenticated is an appeal's move only (approve_on_appeal).
            raise TransitionError(
                _("This cannot be done now: the IPR is %(status)s.")
                % {"status": ipr.get_status_display().lower()},
                code="conflict",
            )
        return _authenticate(ipr, actor, note)


def approve_on_appeal(*, ipr: IPR, actor: User, note: str, appeal_id: int) -> IPR:
    """failed -> authenticated: an appeal against the rejection was granted by a second
    reviewer. The same checks and follow-up as `approve_ipr`; the audit row names the appeal.
    Call inside the appeal's transaction."""
    require_reviewer(actor)
    note = _clean_note(note, required=True, field="note")
    with transaction.atomic():
        ipr = locked(ipr)
        if ipr.status != IPRStatus.FAILED:
            raise TransitionError(
                _("This IPR is no longer rejected (%(status)s): the appeal cannot reverse it.")
                % {"status": ipr.get_status_display().lower()},
                code="conflict",
            )
        return _authenticate(ipr, actor, note, appeal=appeal_id)


def _authenticate(ipr: IPR, actor: User, note: str, **data: object) -> IPR:
    check_transition(ipr, IPRStatus.AUTHENTICATED)
    _still_valid_today(ipr)
    from_status = ipr.status
    ipr.status = IPRStatus.AUTHENTICATED
    ipr.decided_by, ipr.decided_at = actor, timezone.now()
    ipr.rejection_code, ipr.rejection_text = "", ""
    ipr.save(
        update_fields=[
            "status",
            "decided_by",
            "decided_at",
            "rejection_code",
            "rejection_text",
            "updated_at",
        ]
    )
    audit.record(
        action=IPRAction.AUTHENTICATED,
        target=ipr,
        actor=actor,
        from_status=from_status,
        to_status=ipr.status,
        reason=note,
        data={"version": ipr.version, **data},
    )
    notify_user(ipr.owner, "ipr_authenticated", _email_context(ipr))
    return ipr


def reject_ipr(*, ipr: IPR, actor: User, code: str, text: str = "") -> IPR:
    """pending -> failed with a reason from the list; "other" needs the free text."""
    require_reviewer(actor)
    if code not in RejectionReason.values:
        raise DomainError(_("Choose a reason from the list."), field="code")
    text = _clean_note(text, required=code == RejectionReason.OTHER)
    with transaction.atomic():
        ipr = locked(ipr)
        check_transition(ipr, IPRStatus.FAILED)
        from_status = ipr.status
        ipr.status = IPRStatus.FAILED
        ipr.rejection_code, ipr.rejection_text = code, text
        ipr.decided_by, ipr.decided_at = actor, timezone.now()
        ipr.save(
            update_fields=[
                "status",
                "rejection_code",
                "rejection_text",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
        audit.record(
            action=IPRAction.REJECTED,
            target=ipr,
            actor=actor,
            from_status=from_status,
            to_status=ipr.status,
            reason=ipr.reason_text,
            data={"code": code, "version": ipr.version},
        )
        notify_user(ipr.owner, "ipr_rejected", _email_context(ipr))
    return ipr


def mark_ipr_invalid(*, ipr: IPR, actor: User, text: str) -> IPR:
    """authenticated -> withdrawn: the right became or was declared invalid."""
    require_reviewer(actor)
    text = _clean_note(text, required=True)
    with transaction.atomic():
        ipr = locked(ipr)
        check_transition(ipr, IPRStatus.WITHDRAWN)
        from_status = ipr.status
        ipr.status = IPRStatus.WITHDRAWN
        ipr.withdrawal_code, ipr.withdrawal_text = WithdrawalReason.INVALID, text
        ipr.withdrawn_at = timezone.now()
        ipr.decided_by, ipr.decided_at = actor, ipr.withdrawn_at
        ipr.save(
            update_fields=[
                "status",
                "withdrawal_code",
                "withdrawal_text",
                "withdrawn_at",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
        audit.record(
            action=IPRAction.WITHDRAWN,
            target=ipr,
            actor=actor,
            from_status=from_status,
            to_status=ipr.status,
            reason=ipr.reason_text,
            data={"code": WithdrawalReason.INVALID},
        )
        notify_user(ipr.owner, "ipr_withdrawn", _email_context(ipr))
    return ipr
