"""Reviewer queues and claims. Each app registers its queues (in AppConfig.ready) with
`register_queue`; the workbench lists them, and a reviewer claims the oldest unclaimed item with
`claim_next`, which locks candidate rows with SELECT ... FOR UPDATE SKIP LOCKED so two reviewers
never get the same item (the partial unique constraint on active claims is the backstop)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .audit_actions import CoreAction
from .errors import DomainError, TransitionError
from .models import Claim


@dataclass(frozen=True)
class Queue:
    name: str
    label: str
    # Open items, any order. The same query on every call (no moment, person or language in it):
    # the Workbench compiles the count of a queue without `size` once per process.
    queryset: Callable[[], models.QuerySet]
    age_field: str  # oldest first
    url: Callable[[object], str]  # where a reviewer works the item
    # The number of open items from a maintained count (core.tallies), for queues that grow large;
    # None: counted from `queryset` (small queues).
    size: Callable[[], int] | None = None
    # Items this reviewer may not take, as a filter of the queue's rows (e.g. an appeal against
    # the reviewer's own decision): claim_next passes over them and claim refuses them (403).
    # None: any reviewer may take any item.
    claim_filter: Callable[[object], models.Q] | None = None
    # The queue's order when it is not simply oldest first: fields, all ascending, ending with
    # "pk" (e.g. ("priority", "submitted_at", "pk"): good-faith notifiers first). None:
    # (age_field, "pk"). The keyset of the queue page follows the same fields.
    order_by: tuple[str, ...] | None = None
    # The oldest open item's age, for queues where MIN(age_field) over `queryset` has no index
    # to read it from (a queue ordered by priority first). None: that MIN.
    oldest: Callable[[], datetime | None] | None = None

    @property
    def ordering(self) -> tuple[str, ...]:
        return self.order_by or (self.age_field, "pk")


_QUEUES: dict[str, Queue] = {}


def register_queue(queue: Queue) -> None:
    _QUEUES[queue.name] = queue


def queues() -> list[Queue]:
    return list(_QUEUES.values())


def get_queue(name: str) -> Queue:
    if name not in _QUEUES:
        raise DomainError(_("No such queue."), code="no_queue")
    return _QUEUES[name]


def _active(queue: str):
    return Claim.objects.filter(queue=queue, active=True)


def open_items(queue: Queue) -> models.QuerySet:
    """The queue's open items, oldest first, annotated with `is_claimed`."""
    claimed = _active(queue.name).filter(object_id=Cast(OuterRef("pk"), models.CharField()))
    return queue.queryset().annotate(is_claimed=Exists(claimed)).order_by(*queue.ordering)


def claim_next(*, queue_name: str, reviewer, attempts: int = 5):
    """Claim and return the oldest open, unclaimed item of the queue (None when there is none).

    SKIP LOCKED passes over rows other reviewers are claiming right now; a row whose claim
    committed between our snapshot and our lock is caught by the unique constraint, and we simply
    try the next candidate."""
    queue = get_queue(queue_name)
    for _attempt in range(attempts):
        try:
            return _claim_oldest(queue, queue_name, reviewer)
        except TransitionError:
            continue
    return None


def _claim_oldest(queue: Queue, queue_name: str, reviewer):
    with transaction.atomic():
        unclaimed = open_items(queue).filter(is_claimed=False)
        if queue.claim_filter is not None:
            unclaimed = unclaimed.filter(queue.claim_filter(reviewer))
        item = (
            queue.queryset()
            .filter(pk__in=unclaimed.values("pk")[:20])
            .order_by(*queue.ordering)
            .select_for_update(skip_locked=True)
            .first()
        )
        if item is None:
            return None
        _create(queue_name, item, reviewer)
    return item


def claim(*, queue_name: str, item, reviewer) -> Claim:
    """Claim a given item; refused when another reviewer holds it, or (PermissionDenied) when the
    queue's claim_filter excludes this reviewer. Idempotent for the holder."""
    check_may_take(queue_name, item, reviewer)
    with transaction.atomic():
        holder = _active(queue_name).filter(object_id=str(item.pk)).first()
        if holder is not None:
            if holder.reviewer_id == reviewer.pk:
                return holder
            raise TransitionError(
                _("Another reviewer is working on this item."), code="claimed_by_other"
            )
        return _create(queue_name, item, reviewer)


def may_take(queue_name: str, item, reviewer) -> bool:
    """Whether the queue's claim_filter lets this reviewer take this item."""
    queue = _QUEUES.get(queue_name)
    if queue is None or queue.claim_filter is None:
        return True
    model = type(item)
    return model._default_manager.filter(pk=item.pk).filter(queue.claim_filter(reviewer)).exists()


def check_may_take(queue_name: str, item, reviewer) -> None:
    if not may_take(queue_name, item, reviewer):
        raise PermissionDenied(_("You may not take this item: it is kept for another reviewer."))


def _create(queue_name: str, item, reviewer) -> Claim:
    try:
        with transaction.atomic():
            row = Claim.objects.create(queue=queue_name, object_id=str(item.pk), reviewer=reviewer)
    except IntegrityError as exc:
        raise TransitionError(
            _("Another reviewer is working on this item."), code="claimed_by_other"
        ) from exc
    audit.record(
        action=CoreAction.CLAIM_TAKEN, target=item, actor=reviewer, data={"queue": queue_name}
    )
    return row


def release(*, queue_name: str, item, reviewer) -> None:
    """Give the item back to the queue (also called when a decision closes it)."""
    updated = (
        _active(queue_name)
        .filter(object_id=str(item.pk), reviewer=reviewer)
        .update(active=False, released_at=timezone.now())
    )
    if updated:
        audit.record(
            action=CoreAction.CLAIM_RELEASED,
            target=item,
            actor=reviewer,
            data={"queue": queue_name},
        )


def holder_of(queue_name: str, item):
    row = _active(queue_name).filter(object_id=str(item.pk)).select_related("reviewer").first()
    return row.reviewer if row else None
