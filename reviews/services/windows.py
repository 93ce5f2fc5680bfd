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
from ..policy import window_days


def open_deadline(*, item: ComplaintItem, kind: str) -> Deadline:
    now = timezone.now()
    due = add_working_days(now, window_days(kind, item.complaint.platform))
    deadline = Deadline.objects.create(item=item, kind=kind, due_at=due, created_at=now)
    audit.record(
        action=ReviewAction.DEADLINE_OPENED,
        target=item,
        to_status=DeadlineStatus.OPEN,
        reason=_("URL %(n)d. %(kind)s, due %(due)s UTC")
        % {"n": item.line, "kind": DeadlineKind(kind).label, "due": f"{due:%Y-%m-%d %H:%M}"},
        data={"kind": kind, "due_at": due.isoformat()},
    )
    return deadline


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
