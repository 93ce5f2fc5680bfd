"""Filing, withdrawing and deciding appeals; a granted appeal reverses the decision through the
subject app's own service, in the appeal's transaction, with its audit rows and notifications.

Invariants: every status change locks the appeal row (then the subject's own service locks the
subject, in that app's order), checks TRANSITIONS, writes one audit row and queues its
notifications through core.notify in the same transaction. The reviewer who took the first
decision can neither claim (core.claims, the queue's claim_filter) nor decide (PermissionDenied)."""

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require_reviewer
from accounts.services.identity import approve_identity_on_appeal
from accounts.services.standing import lift_sanction
from core import audit, claims
from core.documents import attach, check_count
from core.errors import DomainError, TransitionError
from core.models import Document
from core.notify import notify_user
from core.workflow import check_transition
from ipr.services.review import approve_on_appeal
from reviews.services.common import clean_text
from reviews.services.decisions import reverse_takedown
from reviews.services.reversals import take_down_on_appeal

from . import selectors
from .audit_actions import AppealAction
from .models import (
    DISMISS_REASONS,
    GRANT_REASONS,
    SUBJECT_FIELD,
    Appeal,
    AppealKind,
    AppealReason,
    AppealStatus,
)
from .queues import QUEUE_NAME

MAX_TEXT = 5000
MAX_EVIDENCE = 6


@dataclass
class AppealInput:
    kind: str
    subject_id: int
    statement: str
    evidence: list[Document] = field(default_factory=list)


def _check_evidence(appellant: User, evidence: list[Document]) -> list[Document]:
    docs = [d for d in evidence if d is not None]
    if any(d.owner_id != appellant.pk for d in docs):
        raise DomainError(
            _("Attach only documents you uploaded yourself."), code="evidence", field="evidence"
        )
    if len(docs) > MAX_EVIDENCE:
        raise DomainError(
            _("Attach at most %(n)d documents.") % {"n": MAX_EVIDENCE},
            code="evidence",
            field="evidence",
        )
    check_count(docs)
    return docs


def file_appeal(*, appellant: User, data: AppealInput) -> Appeal:
    """An appeal by the party the decision went against, within the window, once per decision."""
    statement = clean_text(data.statement, field="statement", limit=MAX_TEXT, required=True)
    evidence = _check_evidence(appellant, data.evidence)
    with transaction.atomic():
        subject, decision = selectors.appealable(appellant, data.kind, data.subject_id)
        ends = selectors.window_ends(decision)
        if timezone.now() > ends:
            raise DomainError(
                _(
                    "The time to appeal this decision ended on %(date)s (%(days)d days after "
                    "the decision)."
                )
                % {"date": f"{ends:%Y-%m-%d}", "days": (ends - decision.at).days},
                code="appeal_window_closed",
            )
        if selectors.existing_appeal(data.kind, subject, decision) is not None:
            raise TransitionError(
                _("This decision has already been appealed: see My appeals."),
                code="already_appealed",
            )
        appeal = _create(appellant, data.kind, subject, decision, statement, evidence)
    return appeal


def _create(appellant, kind, subject, decision, statement, evidence) -> Appeal:
    try:
        with transaction.atomic():
            appeal = Appeal.objects.create(
                kind=kind,
                appellant=appellant,
                statement=statement,
                decision_at=decision.at,
                decision_summary=decision.summary[:MAX_TEXT],
                first_decider=decision.decider,
                **{SUBJECT_FIELD[AppealKind(kind)]: subject},
            )
    except IntegrityError as exc:  # a second filing committed meanwhile
        raise TransitionError(
            _("This decision has already been appealed: see My appeals."), code="already_appealed"
        ) from exc
    if evidence:
        appeal.evidence.set(evidence)
        attach(evidence)
    audit.record(
        action=AppealAction.SUBMITTED,
        target=appeal,
        actor=appellant,
        to_status=appeal.status,
        reason=statement[:500],
        data={"kind": kind, "subject": subject.pk, "first_decider": appeal.first_decider_id},
    )
    return appeal


def _locked(appeal: Appeal) -> Appeal:
    return Appeal.objects.select_for_update().get(pk=appeal.pk)


def _move(appeal: Appeal, to: str, actor: User, **data: object) -> None:
    before = appeal.status
    check_transition(appeal, to)
    appeal.status = to
    appeal.save(update_fields=["status"])
    if to == AppealStatus.IN_REVIEW:
        audit.record(
            action=AppealAction.IN_REVIEW,
            target=appeal,
            actor=actor,
            from_status=before,
            to_status=to,
            data=data,
        )


@transaction.atomic
def withdraw_appeal(*, appeal: Appeal, actor: User) -> Appeal:
    appeal = _locked(appeal)
    if appeal.appellant_id != actor.pk:
        raise PermissionDenied(_("Only the appellant can withdraw an appeal."))
    before = appeal.status
    check_transition(appeal, AppealStatus.WITHDRAWN)
    appeal.status, appeal.withdrawn_at = AppealStatus.WITHDRAWN, timezone.now()
    appeal.save(update_fields=["status", "withdrawn_at"])
    holder = claims.holder_of(QUEUE_NAME, appeal)
    if holder is not None:
        claims.release(queue_name=QUEUE_NAME, item=appeal, reviewer=holder)
    audit.record(
        action=AppealAction.WITHDRAWN,
        target=appeal,
        actor=actor,
        from_status=before,
        to_status=appeal.status,
    )
    return appeal


def _check_second_reviewer(appeal: Appeal, reviewer: User) -> None:
    require_reviewer(reviewer)
    if appeal.first_decider_id == reviewer.pk:
        raise PermissionDenied(
            _("You took the decision under appeal: another reviewer must decide this appeal.")
        )


@transaction.atomic
def start_review(*, appeal: Appeal, reviewer: User) -> Appeal:
    """The second reviewer takes the appeal up: claimed, submitted -> in_review. Idempotent for
    the reviewer holding it."""
    _check_second_reviewer(appeal, reviewer)
    appeal = _locked(appeal)
    claims.claim(queue_name=QUEUE_NAME, item=appeal, reviewer=reviewer)
    if appeal.status == AppealStatus.SUBMITTED:
        _move(appeal, AppealStatus.IN_REVIEW, reviewer)
    elif appeal.status != AppealStatus.IN_REVIEW:
        raise TransitionError(
            _("This appeal is %(status)s.") % {"status": appeal.get_status_display().lower()}
        )
    return appeal


def _clean_decision(grant: bool, reason: str, answer: str) -> str:
    allowed = GRANT_REASONS if grant else DISMISS_REASONS
    if reason not in allowed:
        raise DomainError(
            _("Choose a reason that fits the decision."), code="reason", field="reason"
        )
    return clean_text(answer, field="answer", limit=MAX_TEXT, required=True)


@transaction.atomic
def decide_appeal(
    *, appeal: Appeal, reviewer: User, grant: bool, reason: str, answer: str
) -> Appeal:
    """Grant (the decision is reversed through its app's service) or dismiss (it stands), with a
    reason code and a written answer both parties read. Takes the appeal up first if needed."""
    _check_second_reviewer(appeal, reviewer)
    answer = _clean_decision(grant, reason, answer)
    appeal = start_review(appeal=appeal, reviewer=reviewer)
    to = AppealStatus.GRANTED if grant else AppealStatus.DISMISSED
    check_transition(appeal, to)
    if grant:
        _reverse(appeal, reviewer, answer)
    before = appeal.status
    appeal.status, appeal.reason, appeal.answer = to, reason, answer
    appeal.decided_by, appeal.decided_at = reviewer, timezone.now()
    appeal.save(update_fields=["status", "reason", "answer", "decided_by", "decided_at"])
    audit.record(
        action=AppealAction.for_status(to),
        target=appeal,
        actor=reviewer,
        from_status=before,
        to_status=to,
        reason=f"{AppealReason(reason).label}. {answer}",
        data={"kind": appeal.kind, "reason": reason, "first_decider": appeal.first_decider_id},
    )
    claims.release(queue_name=QUEUE_NAME, item=appeal, reviewer=reviewer)
    _tell_parties(appeal)
    return appeal


def _reverse(appeal: Appeal, reviewer: User, answer: str) -> None:
    note = _("Appeal #%(n)d granted: %(answer)s") % {"n": appeal.pk, "answer": answer}
    kind, subject = AppealKind(appeal.kind), appeal.subject
    if kind == AppealKind.REJECTED_URL:
        take_down_on_appeal(item=subject, actor=reviewer, note=note[:2000], appeal_id=appeal.pk)
    elif kind == AppealKind.TAKEDOWN:
        reverse_takedown(item=subject, actor=reviewer, note=note[:2000])
    elif kind == AppealKind.IPR_REJECTION:
        approve_on_appeal(ipr=subject, actor=reviewer, note=note[:2000], appeal_id=appeal.pk)
    elif kind == AppealKind.IDENTITY_REJECTION:
        approve_identity_on_appeal(
            submission=subject, reviewer=reviewer, note=note[:2000], appeal_id=appeal.pk
        )
    else:
        lift_sanction(sanction=subject, actor=reviewer, note=note)


def _context(appeal: Appeal) -> dict:
    return {
        "appeal_id": appeal.pk,
        "granted": appeal.status == AppealStatus.GRANTED,
        # Lazy labels: core.notify writes them in each recipient's language.
        "subject": AppealKind(appeal.kind).label,
        "reason": AppealReason(appeal.reason).label,
        "answer": appeal.answer,
    }


def _other_party(appeal: Appeal) -> User | None:
    item = appeal.item
    if appeal.kind == AppealKind.TAKEDOWN and item is not None:
        return item.complaint.complainant
    if appeal.kind == AppealKind.REJECTED_URL and item is not None and appeal.is_granted:
        return item.seller.account if item.seller is not None else None
    return None


def _tell_parties(appeal: Appeal) -> None:
    context = _context(appeal)
    notify_user(appeal.appellant, "appeal_decided", context)
    other = _other_party(appeal)
    if other is not None:
        notify_user(other, "appeal_outcome", context)
