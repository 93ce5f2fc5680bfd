"""Answer windows as rows with a due time: opening them and closing them (answered: met; no longer
needed: cancelled). The bottom of the review services: it imports none of them but `common`, so
decisions and counter-notices can open and close windows and `deadlines` can sit on top of all."""

from collections.abc import Iterable, Sequence

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import ComplaintItem
from core import audit
from core.bulk import insert_values
from core.calendar import add_working_days
from core.workflow import bulk_transition

from ..audit_actions import ReviewAction
from ..models import Deadline, DeadlineKind, DeadlineStatus
from ..policy import counter_notice_chances, window_days
from .common import item_context, tell_seller


def open_deadline(*, item: ComplaintItem, kind: str, round: int = 1) -> Deadline:
    """Open one window on the item; `round`: the counter-notice chance it belongs to."""
    now = timezone.now()
    platform = item.complaint.platform
    due = add_working_days(now, window_days(kind, platform, round))
    deadline = Deadline.objects.create(
        item=item, kind=kind, round=round, due_at=due, created_at=now
    )
    audit.record(
        action=ReviewAction.DEADLINE_OPENED,
        target=item,
        to_status=DeadlineStatus.OPEN,
        reason=_("URL %(n)d. %(kind)s (%(chance)s), due %(due)s UTC")
        % {
            "n": item.line,
            "kind": DeadlineKind(kind).label,
            "chance": chance_label(round, counter_notice_chances(platform)),
            "due": f"{due:%Y-%m-%d %H:%M}",
        },
        data={"kind": kind, "due_at": due.isoformat(), "round": round},
    )
    return deadline


def chance_label(round: int, total: int) -> str:
    return _("chance %(round)d of %(total)d") % {"round": round, "total": total}


def open_next_chance(*, item: ComplaintItem, after: int) -> Deadline | None:
    """The chance `after` ended against the seller (its window lapsed or its counter-notice was
    rejected): open the next chance's window, if the platform gives one, and tell the seller
    with the due date. Called inside the transaction that ended the chance, the item locked."""
    total = counter_notice_chances(item.complaint.platform)
    if after >= total:
        return None
    window = open_deadline(item=item, kind=DeadlineKind.SELLER_COUNTER_NOTICE, round=after + 1)
    tell_seller(
        item,
        "counter_notice_chance",
        {
            **item_context(item),
            "round": after + 1,
            "total": total,
            "remaining": total - after,
            "due_at": window.due_at.strftime("%Y-%m-%d %H:%M UTC"),
        },
    )
    return window


def open_deadlines(*, items: Sequence[ComplaintItem], kind: str, platform: str) -> list[Deadline]:
    """`open_deadline` for many items of one platform at once: one INSERT for the windows and
    one for their audit rows, whatever the number of items."""
    if not items:
        return []
    now = timezone.now()
    due = add_working_days(now, window_days(kind, platform))
    deadlines = insert_values(
        Deadline, [Deadline(item=item, kind=kind, due_at=due, created_at=now) for item in items]
    )
    label = DeadlineKind(kind).label
    audit.record_many(
        target_type="complaints.complaintitem",
        target_ids=[item.pk for item in items],
        action=ReviewAction.DEADLINE_OPENED,
        to_status=DeadlineStatus.OPEN,
        reason=[
            _("URL %(n)d. %(kind)s, due %(due)s UTC")
            % {"n": item.line, "kind": label, "due": f"{due:%Y-%m-%d %H:%M}"}
            for item in items
        ],
        data={"kind": kind, "due_at": due.isoformat()},
    )
    return deadlines


def close_deadlines(*, item: ComplaintItem, status: str, kinds: Iterable[str] | None = None) -> int:
    """Close the item's open windows (answered: met; no longer needed: cancelled), each move
    checked and audited on the item like a lapse."""
    qs = Deadline.objects.filter(item=item, status=DeadlineStatus.OPEN)
    if kinds:
        qs = qs.filter(kind__in=list(kinds))
    return close_windows(qs, status=status)


def close_windows(queryset: QuerySet[Deadline], *, status: str) -> int:
    return bulk_transition(
        queryset,
        to_status=status,
        action=ReviewAction.for_deadline(status),
        audit_on="item",
        resolved_at=timezone.now(),
    )
