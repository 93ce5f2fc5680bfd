"""Reads for the review workflow, scoped by who asks (404 for anyone else)."""

from dataclasses import dataclass
from datetime import datetime

from django.db import models
from django.db.models import Count, Exists, Min, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404

from accounts.models import User
from accounts.permissions import is_reviewer, is_seller, require_reviewer
from catalogue.models import Seller
from complaints.models import Complaint, ComplaintItem, ItemStatus
from complaints.selectors import SELLER_VISIBLE_ITEM_STATUSES
from core import claims
from core.errors import DomainError
from core.models import AuditEvent, Claim

from .models import CounterNotice, Deadline, DeadlineStatus, PenaltyEntry

QUEUE_PAGE = 50


# --- workbench ---------------------------------------------------------------------------------
@dataclass
class QueueSummary:
    queue: claims.Queue
    count: int
    claimed: int
    oldest: datetime | None


def workbench(actor: User) -> list[QueueSummary]:
    """Every queue with its size, oldest item and claimed count: two queries per queue, both
    index-driven (the claimed count probes the queue from its active claims, not the reverse)."""
    require_reviewer(actor)
    out = []
    for queue in claims.queues():
        agg = queue.queryset().aggregate(n=Count("pk"), oldest=Min(queue.age_field))
        still_open = queue.queryset().filter(
            pk=Cast(OuterRef("object_id"), models.BigIntegerField())
        )
        claimed = Claim.objects.filter(queue=queue.name, active=True).filter(Exists(still_open))
        out.append(QueueSummary(queue, agg["n"], claimed.count(), agg["oldest"]))
    return out


def reviewer_queue(actor: User, queue_name: str) -> claims.Queue:
    require_reviewer(actor)
    try:
        return claims.get_queue(queue_name)
    except DomainError as exc:
        raise Http404 from exc


def queue_page(actor: User, queue_name: str, after: tuple | None = None, size: int = QUEUE_PAGE):
    """One page of a queue, oldest first (keyset on age, pk), each row with its claim holder:
    one query."""
    queue = reviewer_queue(actor, queue_name)
    holder = Claim.objects.filter(
        queue=queue.name, active=True, object_id=Cast(OuterRef("pk"), models.CharField())
    ).values("reviewer__email")[:1]
    qs = claims.open_items(queue).annotate(holder_email=Subquery(holder))
    if after:
        age, pk = after
        qs = qs.filter(
            Q(**{f"{queue.age_field}__gt": age}) | Q(**{queue.age_field: age, "pk__gt": pk})
        )
    rows = list(qs[: size + 1])
    for row in rows:
        row.age = getattr(row, queue.age_field)
        row.work_url = queue.url(row)
    return queue, rows[:size], (rows[size - 1] if len(rows) > size else None)


def queue_item(actor: User, queue_name: str, pk: int):
    queue = reviewer_queue(actor, queue_name)
    item = queue.queryset().filter(pk=pk).first()
    if item is None:
        raise Http404
    return queue, item


# --- complaints under review -------------------------------------------------------------------
def _items_qs() -> QuerySet:
    return ComplaintItem.objects.select_related(
        "catalogue_listing", "seller", "complaint__ipr", "complaint__complainant"
    )


def access_complaint_for_review(actor: User, pk: int) -> Complaint:
    require_reviewer(actor)
    complaint = Complaint.objects.select_related("ipr", "complainant").filter(pk=pk).first()
    if complaint is None:
        raise Http404
    return complaint


def review_items(complaint: Complaint) -> QuerySet:
    return (
        complaint.items.select_related("catalogue_listing", "seller", "decided_by")
        .prefetch_related(
            Prefetch("deadlines", queryset=Deadline.objects.filter(status=DeadlineStatus.OPEN))
        )
        .order_by("line")
    )


def access_item_for_review(actor: User, pk: int) -> ComplaintItem:
    require_reviewer(actor)
    item = _items_qs().filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


# --- sellers -----------------------------------------------------------------------------------
def _open_due(kind: str):
    return Subquery(
        Deadline.objects.filter(item=OuterRef("pk"), kind=kind, status=DeadlineStatus.OPEN).values(
            "due_at"
        )[:1]
    )


def seller_items(actor: User) -> QuerySet:
    """Every accepted complaint URL about the seller account's own stores, newest first."""
    if not actor.is_authenticated or not actor.is_seller:
        raise Http404
    return (
        _items_qs()
        .select_related("counter_notice", "complaint__dmca")
        .filter(seller__account=actor, status__in=SELLER_VISIBLE_ITEM_STATUSES)
        .exclude(status=ItemStatus.WITHDRAWN, decided_at__isnull=True)
        .annotate(
            seller_due=_open_due("seller_counter_notice"),
            complainant_due=_open_due("complainant_answer"),
        )
        .order_by("-decided_at", "-pk")
    )


def access_seller_item(actor: User, pk: int) -> ComplaintItem:
    item = seller_items(actor).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def seller_ledger(actor: User) -> QuerySet:
    if not actor.is_authenticated or not actor.is_seller:
        raise Http404
    return PenaltyEntry.objects.filter(seller__account=actor).select_related("seller", "item")


def access_seller_for_review(actor: User, pk: int) -> Seller:
    require_reviewer(actor)
    seller = Seller.objects.filter(pk=pk).first()
    if seller is None:
        raise Http404
    return seller


# --- counter-notices ---------------------------------------------------------------------------
def access_counter_notice(actor: User, pk: int) -> CounterNotice:
    """Reviewers, the complainant of the complaint and the listing's seller; 404 for others."""
    if not actor.is_authenticated:
        raise Http404
    notice = (
        CounterNotice.objects.select_related(
            "item__complaint__complainant",
            "item__complaint__ipr",
            "item__seller",
            "item__catalogue_listing",
        )
        .filter(pk=pk)
        .first()
    )
    if notice is None:
        raise Http404
    complaint = notice.item.complaint
    if is_reviewer(actor) or complaint.complainant_id == actor.pk:
        return notice
    seller = notice.item.seller
    if is_seller(actor) and seller is not None and seller.account_id == actor.pk:
        return notice
    raise Http404


def may_read_review_document(user, document) -> bool:
    """Counter-notice evidence: the complainant reads it; the complainant's further evidence:
    the seller reads it."""
    if not user.is_authenticated:
        return False
    return (
        CounterNotice.objects.filter(evidence=document, item__complaint__complainant=user).exists()
        or CounterNotice.objects.filter(
            complainant_evidence=document, item__seller__account=user
        ).exists()
    )


# --- the complaint timeline, as each party may see it ------------------------------------------
def timeline_for(complaint: Complaint, actor: User) -> QuerySet:
    """The complaint's own events and those of its URLs: everything for reviewers and the
    complainant; for a seller, only its own URLs (claims are the reviewers' business)."""
    if is_reviewer(actor) or complaint.complainant_id == actor.pk:
        item_ids = complaint.items.values_list("pk", flat=True)
    else:
        item_ids = complaint.items.filter(
            seller__account=actor, status__in=SELLER_VISIBLE_ITEM_STATUSES, decided_at__isnull=False
        ).values_list("pk", flat=True)
    ids = [str(pk) for pk in item_ids]
    qs = AuditEvent.objects.filter(
        Q(target_type="complaints.complaint", target_id=str(complaint.pk))
        | Q(target_type="complaints.complaintitem", target_id__in=ids)
    ).select_related("actor")
    if not is_reviewer(actor):
        qs = qs.exclude(action__startswith="claim.").exclude(action__startswith="penalty.")
    return qs.order_by("created_at", "id")


def visible_items(complaint: Complaint, actor: User) -> QuerySet:
    qs = complaint.items.select_related("catalogue_listing", "seller").select_related(
        "counter_notice"
    )
    if not (is_reviewer(actor) or complaint.complainant_id == actor.pk):
        qs = qs.filter(
            seller__account=actor, status__in=SELLER_VISIBLE_ITEM_STATUSES, decided_at__isnull=False
        )
    return qs.order_by("line")
