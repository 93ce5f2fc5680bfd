"""Reads for complaints: permission-scoped, keyset-paginated, searchable by URL or listing id."""

import base64
import json
from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.functional import Promise

from accounts.models import User
from accounts.permissions import is_reviewer, is_seller
from catalogue.urlcheck import check_url

from .models import Complaint, ComplaintItem, ItemStatus

PAGE_SIZE = 50


@dataclass
class ComplaintFilters:
    platform: str = ""
    status: str = ""
    ipr: int | None = None
    reason: str = ""
    date_from: date | None = None
    date_to: date | None = None
    q: str = ""


def _listing_id_for(query: str) -> tuple[str, str]:
    """A pasted listing URL searches by its listing id; anything else is taken as an id."""
    query = query.strip()
    if "://" in query or "." in query:
        verdict = check_url(query)
        if verdict.listing_id:
            return verdict.platform or "", verdict.listing_id
    return "", query


def complaints_for(user: User, filters: ComplaintFilters | None = None) -> QuerySet:
    """The account's own complaints only (a rights owner never sees another's)."""
    f = filters or ComplaintFilters()
    qs = Complaint.objects.filter(complainant=user)
    if f.platform:
        qs = qs.filter(platform=f.platform)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.ipr:
        qs = qs.filter(ipr_id=f.ipr)
    if f.reason:
        qs = qs.filter(reason=f.reason)
    if f.date_from:
        qs = qs.filter(created_at__gte=timezone.make_aware(datetime.combine(f.date_from, time.min)))
    if f.date_to:
        qs = qs.filter(created_at__lte=timezone.make_aware(datetime.combine(f.date_to, time.max)))
    if f.q:
        platform, listing_id = _listing_id_for(f.q)
        match = ComplaintItem.objects.filter(complaint=OuterRef("pk"), listing_id=listing_id[:32])
        if platform:
            match = match.filter(platform=platform)
        qs = qs.filter(Exists(match))
    return qs


def encode_cursor(complaint: Complaint) -> str:
    raw = json.dumps([complaint.created_at.isoformat(), complaint.pk]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode_cursor(cursor: str):
    try:
        created, pk = json.loads(base64.urlsafe_b64decode(cursor.encode()))
        return datetime.fromisoformat(created), int(pk)
    except (ValueError, TypeError):
        return None


def manage_page(
    user, filters: ComplaintFilters, cursor: str = "", size: int = PAGE_SIZE
) -> tuple[list[Complaint], str]:
    """One page, newest first, keyset-paginated on (created_at, id): constant cost at any depth.
    Returns the rows and the cursor of the next page ("" at the end)."""
    qs = complaints_for(user, filters).select_related("ipr").order_by("-created_at", "-id")
    position = _decode_cursor(cursor) if cursor else None
    if position:
        created, pk = position
        qs = qs.filter(Q(created_at__lt=created) | Q(created_at=created, id__lt=pk))
    rows = list(qs[: size + 1])
    next_cursor = encode_cursor(rows[size - 1]) if len(rows) > size else ""
    return rows[:size], next_cursor


def access_complaint(actor: User | AnonymousUser, pk: int) -> Complaint:
    """The complainant and reviewers see a complaint; anyone else gets 404."""
    if not actor.is_authenticated:
        raise Http404
    complaint = Complaint.objects.select_related("ipr", "complainant").filter(pk=pk).first()
    if complaint is None:
        raise Http404
    if complaint.complainant_id == actor.pk or is_reviewer(actor):
        return complaint
    if is_seller(actor) and seller_items_of(complaint, actor).exists():
        return complaint
    raise Http404


# URLs a seller is told about: those a reviewer accepted (a takedown notice was sent).
SELLER_VISIBLE_ITEM_STATUSES = (
    ItemStatus.ACCEPTED,
    ItemStatus.UPHELD,
    ItemStatus.RESTORED,
    ItemStatus.WITHDRAWN,
)


def seller_items_of(complaint: Complaint, seller_account: User) -> QuerySet:
    """The complaint's URLs about the seller account's own stores' listings, once accepted."""
    return complaint.items.filter(
        seller__account=seller_account, status__in=SELLER_VISIBLE_ITEM_STATUSES
    ).exclude(status=ItemStatus.WITHDRAWN, decided_at__isnull=True)


def access_own_complaint(actor: User | AnonymousUser, pk: int) -> Complaint:
    complaint = access_complaint(actor, pk)
    if complaint.complainant_id != actor.pk:
        raise Http404
    return complaint


def items_of(complaint: Complaint) -> QuerySet:
    return complaint.items.select_related("catalogue_listing", "seller").order_by("line")


STATUS_TONES = {
    "draft": "muted",
    "validating": "brand",
    "submitted": "warn",
    "in_review": "warn",
    "processed": "ok",
    "closed": "ok",
    "invalid": "err",
    "withdrawn": "muted",
}


def status_summary(user: User) -> list[tuple[str | Promise, int, str]]:
    """The account's complaints per status, for the Manage Complaints chart (one query)."""
    from django.db.models import Count

    from .models import ComplaintStatus

    counts = dict(
        Complaint.objects.filter(complainant=user)
        .values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    return [
        (label, counts.get(value, 0), STATUS_TONES.get(value, "brand"))
        for value, label in ComplaintStatus.choices
        if counts.get(value)
    ]
