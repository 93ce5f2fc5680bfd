"""Counter-notices: the seller answers a takedown, the complainant accepts it, maintains the
complaint (a reviewer then decides) or withdraws; silence is handled by `deadlines`;
the answer windows are opened and closed through `windows`."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require_reviewer
from complaints.models import Complaint, ComplaintItem, ItemOutcome, ItemStatus
from core import audit, claims
from core.documents import attach, check_count
from core.errors import DomainError, TransitionError
from core.models import Document
from core.workflow import check_transition

from ..audit_actions import ReviewAction
from ..models import (
    CounterNotice,
    CounterNoticeGround,
    CounterNoticeStatus,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
)
from ..policy import counter_notice_chances
from . import windows
from .common import (
    clean_text,
    item_context,
    lock_complaint_and_item,
    tell_complainant,
    tell_seller,
)
from .decisions import restore_item, uphold_item

CNS = CounterNoticeStatus


@dataclass
class CounterNoticeInput:
    grounds: str
    statement: str
    evidence: list[Document] = field(default_factory=list)
    full_name: str = ""
    address: str = ""
    phone: str = ""
    signature: str = ""
    perjury_statement: bool = False
    jurisdiction_consent: bool = False


def _check_dmca(data: CounterNoticeInput) -> None:
    """DMCA 512(g)(3): signature, perjury statement, name/address/phone, consent to jurisdiction."""
    for name in ("full_name", "address", "phone", "signature"):
        limit = 500 if name == "address" else 200
        setattr(data, name, clean_text(getattr(data, name), field=name, limit=limit, required=True))
    if not (data.perjury_statement and data.jurisdiction_consent):
        raise DomainError(
            _("A DMCA counter-notice needs both statements."),
            code="statements_required",
            field="perjury_statement",
        )
    if data.signature.casefold() != data.full_name.casefold():
        raise DomainError(
            _("Type your full name exactly as above as your electronic signature."),
            code="signature_mismatch",
            field="signature",
        )


@transaction.atomic
def submit_counter_notice(
    *, item: ComplaintItem, actor: User, data: CounterNoticeInput
) -> CounterNotice:
    complaint, item = lock_complaint_and_item(item)
    if item.seller is None or item.seller.account_id != actor.pk:
        raise DomainError(_("Only the listing's seller can counter-notify."), code="forbidden")
    if data.grounds not in CounterNoticeGround.values:
        raise DomainError(_("Choose the grounds."), code="grounds", field="grounds")
    data.statement = clean_text(data.statement, field="statement", limit=5000, required=True)
    check_count(data.evidence, limit=settings.IPP_UPLOAD_MAX_FILES)
    if complaint.is_dmca:
        _check_dmca(data)
    window = _open_chance(item)
    notice = CounterNotice.objects.create(
        item=item,
        round=window.round,
        submitted_by=actor,
        grounds=data.grounds,
        statement=data.statement,
        full_name=data.full_name,
        address=data.address,
        phone=data.phone,
        signature=data.signature,
        perjury_statement=data.perjury_statement,
        jurisdiction_consent=data.jurisdiction_consent,
    )
    notice.evidence.set(data.evidence)
    attach(data.evidence)
    windows.close_deadlines(
        item=item, status=DeadlineStatus.MET, kinds=[DeadlineKind.SELLER_COUNTER_NOTICE]
    )
    answer = windows.open_deadline(
        item=item, kind=DeadlineKind.COMPLAINANT_ANSWER, round=window.round
    )
    total = counter_notice_chances(complaint.platform)
    audit.record(
        action=ReviewAction.COUNTER_NOTICE_SUBMITTED,
        target=item,
        actor=actor,
        to_status=notice.status,
        reason=f"{windows.chance_label(notice.round, total)}: "
        f"{CounterNoticeGround(data.grounds).label}",
        data={"counter_notice": notice.pk, "round": notice.round},
    )
    tell_complainant(
        complaint,
        "counter_notice_received",
        {
            **item_context(item),
            "counter_notice_id": notice.pk,
            "grounds": CounterNoticeGround(data.grounds).label,
            "due_at": answer.due_at.strftime("%Y-%m-%d %H:%M UTC"),
            "round": notice.round,
            "total": total,
        },
    )
    return notice


def _open_chance(item: ComplaintItem) -> Deadline:
    """The seller's open counter-notice window of a taken-down listing (accepted, or upheld with
    a later chance open), or a TransitionError saying why there is none."""
    window = (
        item.deadlines.filter(kind=DeadlineKind.SELLER_COUNTER_NOTICE, status=DeadlineStatus.OPEN)
        .order_by("-round")
        .first()
    )
    if (
        item.status in (ItemStatus.ACCEPTED, ItemStatus.UPHELD)
        and window is not None
        and window.due_at > timezone.now()
        and not CounterNotice.objects.filter(item=item, round=window.round).exists()
    ):
        return window
    raise TransitionError(chance_refusal(item), code="window_closed")


def chance_refusal(item: ComplaintItem) -> str:
    """Why the seller cannot counter-notify now, in the seller's words: the one message the page,
    the API and the service give."""
    if item.status not in (ItemStatus.ACCEPTED, ItemStatus.UPHELD):
        return _("This takedown can no longer be answered (%(status)s).") % {
            "status": item.get_status_display().lower()
        }
    total = counter_notice_chances(item.complaint.platform)
    latest = CounterNotice.objects.filter(item=item).order_by("-round").first()
    if latest is not None and latest.status in (CNS.AWAITING_COMPLAINANT, CNS.MAINTAINED):
        return _(
            "Your counter-notice (%(chance)s) is still being answered; a further chance opens "
            "only if it is rejected."
        ) % {"chance": windows.chance_label(latest.round, total)}
    last = item.deadlines.filter(kind=DeadlineKind.SELLER_COUNTER_NOTICE).order_by("-round").first()
    if last is None:
        return _("This takedown has no counter-notice window.")
    values = {
        "chance": windows.chance_label(last.round, total),
        "date": formats.date_format(last.due_at, "DATE_FORMAT"),
    }
    if last.round >= total:
        return _("Your last chance (%(chance)s) ended on %(date)s.") % values
    return _("Your counter-notice window (%(chance)s) ended on %(date)s.") % values


def _lock_notice(notice: CounterNotice) -> tuple[Complaint, ComplaintItem, CounterNotice]:
    complaint, item = lock_complaint_and_item(notice.item)
    return complaint, item, CounterNotice.objects.select_for_update().get(pk=notice.pk)


def _move(
    notice: CounterNotice, to: str, actor: User | None, *, reason: str = "", **fields: object
) -> None:
    before = notice.status
    check_transition(notice, to)
    notice.status = to
    for name, value in fields.items():
        setattr(notice, name, value)
    notice.save(update_fields=["status", *fields])
    audit.record(
        action=ReviewAction.for_counter_notice(to),
        target=notice.item,
        actor=actor,
        from_status=before,
        to_status=to,
        reason=reason,
        data={"counter_notice": notice.pk},
    )


def _require_complainant(complaint: Complaint, actor: User) -> None:
    if complaint.complainant_id is None or complaint.complainant_id != actor.pk:
        raise DomainError(
            _("Only the complainant can answer this counter-notice."), code="forbidden"
        )


@transaction.atomic
def accept_counter_notice(*, counter_notice: CounterNotice, actor: User) -> CounterNotice:
    complaint, item, notice = _lock_notice(counter_notice)
    _require_complainant(complaint, actor)
    _move(notice, CNS.ACCEPTED_BY_COMPLAINANT, actor, answered_at=timezone.now())
    windows.close_deadlines(item=item, status=DeadlineStatus.MET)
    restore_item(item=item, actor=actor, outcome=ItemOutcome.COMPLAINANT_ACCEPTED)
    return notice


@transaction.atomic
def maintain_complaint(
    *, counter_notice: CounterNotice, actor: User, statement: str, evidence: list[Document]
) -> CounterNotice:
    """The complainant keeps the complaint, with further evidence; a reviewer decides next."""
    complaint, item, notice = _lock_notice(counter_notice)
    _require_complainant(complaint, actor)
    statement = clean_text(statement, field="statement", limit=5000, required=True)
    check_count(evidence, limit=settings.IPP_UPLOAD_MAX_FILES)
    _move(
        notice,
        CNS.MAINTAINED,
        actor,
        reason=statement[:500],
        answered_at=timezone.now(),
        complainant_statement=statement,
    )
    notice.complainant_evidence.set(evidence)
    attach(evidence)
    windows.close_deadlines(item=item, status=DeadlineStatus.MET)
    tell_seller(
        item, "complaint_maintained", {**item_context(item), "counter_notice_id": notice.pk}
    )
    return notice


@transaction.atomic
def decide_counter_notice(
    *, counter_notice: CounterNotice, actor: User, accept: bool, note: str = ""
) -> CounterNotice:
    """A reviewer decides a maintained complaint: accept (restore) or reject (takedown stands)."""
    require_reviewer(actor)
    note = clean_text(note, field="note", limit=2000, required=not accept)
    complaint, item, notice = _lock_notice(counter_notice)
    to = CNS.ACCEPTED if accept else CNS.REJECTED
    _move(
        notice,
        to,
        actor,
        reason=note,
        decided_by=actor,
        decided_at=timezone.now(),
        decision_note=note,
    )
    claims.release(queue_name="counter_notices", item=notice, reviewer=actor)
    if accept:
        restore_item(item=item, actor=actor, outcome=ItemOutcome.PLATFORM_ACCEPTED)
        return notice
    if item.status == ItemStatus.ACCEPTED:
        uphold_item(item=item, actor=actor, outcome=ItemOutcome.COUNTER_NOTICE_REJECTED)
        windows.open_next_chance(item=item, after=notice.round)
    else:
        _later_chance_lost(complaint, item, notice)
    return notice


def _later_chance_lost(complaint: Complaint, item: ComplaintItem, notice: CounterNotice) -> None:
    """A later chance's counter-notice rejected: the takedown stays final (no new points); both
    sides are told; the next chance opens, if any (its notice tells the seller instead)."""
    context = {**item_context(item), "outcome": ItemOutcome.COUNTER_NOTICE_REJECTED.label}
    tell_complainant(complaint, "takedown_final", context)
    if windows.open_next_chance(item=item, after=notice.round) is None:
        tell_seller(item, "takedown_final", {**context, "points": 0})


def lapse_counter_notice(*, counter_notice: CounterNotice) -> None:
    """Called by the deadline service (inside its transaction, the notice locked)."""
    _move(counter_notice, CNS.LAPSED, None, answered_at=timezone.now())


def on_complaint_withdrawn(complaint: Complaint, actor: User | None) -> None:
    """Registered with complaints' withdrawal: close open counter-notices and windows, tell the
    sellers whose listings come back (the items were already restored by the withdrawal)."""
    items = list(
        ComplaintItem.objects.filter(
            complaint=complaint, outcome=ItemOutcome.COMPLAINT_WITHDRAWN
        ).select_related("seller__account", "catalogue_listing", "complaint__ipr")
    )
    open_notices = CounterNotice.objects.select_for_update().filter(
        item__complaint=complaint, status__in=[CNS.AWAITING_COMPLAINANT, CNS.MAINTAINED]
    )
    for notice in open_notices:
        _move(notice, CNS.COMPLAINT_WITHDRAWN, actor)
    windows.close_windows(
        Deadline.objects.filter(item__complaint=complaint, status=DeadlineStatus.OPEN),
        status=DeadlineStatus.CANCELLED,
    )
    for item in items:
        tell_seller(
            item,
            "listing_restored",
            {**item_context(item), "outcome": ItemOutcome.COMPLAINT_WITHDRAWN.label},
        )
