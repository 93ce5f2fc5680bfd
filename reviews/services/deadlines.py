"""What the periodic task calls for answer windows: `due_deadline_groups` finds the overdue open
windows, a complaint's together, and `apply_deadlines` applies each one's outcome once (running it
again changes nothing) in one transaction per complaint.
It sits on top of the review services (windows <- decisions, counter_notices <- deadlines)."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from complaints.models import ItemOutcome, ItemStatus
from core import audit
from core.workflow import check_transition

from ..audit_actions import ReviewAction
from ..models import CounterNotice, CounterNoticeStatus, Deadline, DeadlineKind, DeadlineStatus
from .common import lock_complaint_and_item
from .counter_notices import lapse_counter_notice
from .decisions import restore_item, uphold_item
from .windows import open_next_chance


def due_deadline_groups(now: datetime | None = None, limit: int = 500) -> list[list[int]]:
    """The overdue open windows (oldest first, at most `limit`) grouped by complaint: the windows
    of a complaint's URLs taken down together end together, and applied in one transaction they
    are one event, so the seller and the complainant get one notice and one email about them
    (core.notify merges an event's messages), not one per URL."""
    now = now or timezone.now()
    groups: dict[int, list[int]] = {}
    rows = (
        Deadline.objects.filter(status=DeadlineStatus.OPEN, due_at__lte=now)
        .order_by("due_at", "id")
        .values_list("pk", "item__complaint_id")[:limit]
    )
    for pk, complaint_id in rows:
        groups.setdefault(complaint_id, []).append(pk)
    return list(groups.values())


@transaction.atomic
def apply_deadlines(*, deadline_ids: list[int]) -> list[str | None]:
    """`apply_deadline` for each of one complaint's windows, in one transaction (one event)."""
    return [apply_deadline(deadline_id=pk) for pk in deadline_ids]


@transaction.atomic
def apply_deadline(*, deadline_id: int) -> str | None:
    """Seller silent in the first chance: the takedown becomes final and the next chance opens;
    in a later chance: that chance closes and the next one opens, nothing else. Complainant
    silent after a counter-notice (of any chance): the counter-notice is taken as accepted and
    the listing restored (PRC E-Commerce Law art. 43 practice). Anything already answered or
    closed: the window is cancelled, nothing else.

    Returns what it did: "lapsed" (an outcome was applied), "cancelled", or None (not open or not
    due: nothing). Locks in the review workflow's one order (see `reviews.services`): complaint,
    item, then the deadline, then the counter-notice, as `submit_counter_notice` does."""
    found = Deadline.objects.filter(pk=deadline_id).select_related("item").first()
    if found is None or found.status != DeadlineStatus.OPEN:
        return None
    _complaint, item = lock_complaint_and_item(found.item)
    deadline = Deadline.objects.select_for_update().get(pk=deadline_id)
    if deadline.status != DeadlineStatus.OPEN or deadline.due_at > timezone.now():
        return None
    if deadline.kind == DeadlineKind.SELLER_COUNTER_NOTICE:
        answered = CounterNotice.objects.filter(item=item, round=deadline.round).exists()
        if deadline.round == 1 and item.status == ItemStatus.ACCEPTED and not answered:
            _mark(deadline, DeadlineStatus.LAPSED)
            uphold_item(item=item, actor=None, outcome=ItemOutcome.SELLER_SILENT)
            open_next_chance(item=item, after=1)
            return "lapsed"
        if deadline.round > 1 and item.status == ItemStatus.UPHELD and not answered:
            # A later chance unused: it closes (the takedown was already final) and, like a
            # lost one, opens the next chance if there is one.
            _mark(deadline, DeadlineStatus.LAPSED)
            open_next_chance(item=item, after=deadline.round)
            return "lapsed"
    else:
        notice = (
            CounterNotice.objects.select_for_update()
            .filter(item=item, round=deadline.round)
            .first()
        )
        if notice is not None and notice.status == CounterNoticeStatus.AWAITING_COMPLAINANT:
            _mark(deadline, DeadlineStatus.LAPSED)
            lapse_counter_notice(counter_notice=notice)
            restore_item(item=item, actor=None, outcome=ItemOutcome.COMPLAINANT_SILENT)
            return "lapsed"
    _mark(deadline, DeadlineStatus.CANCELLED)
    return "cancelled"


def _mark(deadline: Deadline, status: str) -> None:
    check_transition(deadline, status)
    before = deadline.status
    deadline.status, deadline.resolved_at = status, timezone.now()
    deadline.save(update_fields=["status", "resolved_at"])
    audit.record(
        action=ReviewAction.for_deadline(status),
        target=deadline.item,
        from_status=before,
        to_status=status,
        reason=_("URL %(n)d. %(kind)s")
        % {"n": deadline.item.line, "kind": deadline.get_kind_display()},
        data={"kind": deadline.kind, "deadline": deadline.pk},
    )
