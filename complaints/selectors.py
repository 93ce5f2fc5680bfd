"""Reads for complaints: permission-scoped, keyset-paginated, searchable by URL or listing id."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise

from accounts.models import User
from catalogue.urlcheck import Platform, check_url
from core import tallies
from core.choices import translated
from core.cursors import decode_keyset, encode_keyset
from core.keyset import beyond
from core.tallies import TallySpec

from .models import Complaint, ComplaintItem, ComplaintReason, ComplaintStatus
from .visibility import see_complaint

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


def encode_cursor(complaint) -> str:
    """The keyset of a complaint or of a row of its columns (`manage_page(columns=...)`)."""
    return encode_keyset(complaint.created_at, complaint.id)


# What Manage Complaints' rows read (for_listing): the page loads only these columns.
LISTING_COLUMNS = (
    "id",
    "complainant_id",
    "ipr_id",
    "status",
    "created_at",
    "platform",
    "reason",
    "url_count",
    "valid_count",
)


def manage_page(
    user,
    filters: ComplaintFilters,
    cursor: str = "",
    size: int = PAGE_SIZE,
    columns: tuple[str, ...] = (),
) -> tuple[list[Complaint], str]:
    """One page, newest first, keyset-paginated on (created_at, id): constant cost at any depth.
    Returns the rows and the cursor of the next page ("" at the end). A damaged cursor raises
    BadCursor (400). With `columns`, the rows are named tuples of those columns (a page of models
    cost more to build than to fetch)."""
    qs = complaints_for(user, filters).order_by("-created_at", "-id")
    if cursor:
        position = decode_keyset(cursor)
        qs = qs.filter(beyond(Complaint, ("created_at", "id"), position, descending=True))
    if columns:
        qs = qs.values_list(*columns, named=True)
    rows = list(qs[: size + 1])
    next_cursor = encode_cursor(rows[size - 1]) if len(rows) > size else ""
    return rows[:size], next_cursor


def evidence_ids(complaints: list[Complaint]) -> None:
    """Gives each of a page of complaints `evidence_ids`, the ids of its evidence documents in
    the order they were attached: one query of plain values. Django's prefetch built a related
    manager and a filtered queryset for every row, a third of the API list's time."""
    found: dict[int, list] = {complaint.pk: [] for complaint in complaints}
    if found:
        pairs = (
            Complaint.evidence.through.objects.filter(complaint_id__in=found)
            .order_by("pk")
            .values_list("complaint_id", "document_id")
        )
        for complaint_id, document_id in pairs:
            found[complaint_id].append(document_id)
    for complaint in complaints:
        setattr(complaint, "evidence_ids", found[complaint.pk])  # noqa: B010 - not a field


@dataclass(frozen=True)
class ComplaintRow:
    """One row of Manage Complaints, as shown."""

    pk: int
    detail_url: str
    created_label: str
    platform_label: str
    ipr_label: str
    reason_label: str
    status: str
    status_label: str
    url_count: int
    valid_count: int
    action: "ActionNeeded | None" = None


@dataclass(frozen=True)
class ActionNeeded:
    """What waits for the complainant on one complaint: `count` items to answer (counter-notices),
    the earliest due first."""

    count: int
    due_at: datetime | None


# Who knows what waits for a complainant: the reviews app (counter-notices to answer) registers
# a source at start-up (complaints may not import reviews). Each source answers for a page of
# complaint ids in one query.
ActionSource = Callable[[list[int]], dict[int, ActionNeeded]]
_action_sources: list[ActionSource] = []


def on_action_needed(source: ActionSource) -> ActionSource:
    if source not in _action_sources:
        _action_sources.append(source)
    return source


def actions_needed(complaint_ids: list[int]) -> dict[int, ActionNeeded]:
    """{complaint id: what waits for its complainant}, for a page's ids: one query per source,
    none for an empty page."""
    found: dict[int, ActionNeeded] = {}
    if not complaint_ids:
        return found
    for source in _action_sources:
        for pk, need in source(complaint_ids).items():
            before = found.get(pk)
            if before is None:
                found[pk] = need
            else:
                dues = [d for d in (before.due_at, need.due_at) if d is not None]
                found[pk] = ActionNeeded(before.count + need.count, min(dues, default=None))
    return found


def for_listing(rows: list) -> list[ComplaintRow]:
    """What the list shows of each row, computed in Python once per page rather than by template
    filters per row (the row loop was 43% of Manage Complaints): the detail link, the filing time,
    and the platform, reason, status and IPR labels (get_FOO_display() hashes every choice's lazy
    label on each call)."""
    labels = {
        "platform": translated(Platform),
        "reason": translated(ComplaintReason),
        "status": translated(ComplaintStatus),
    }
    link = reverse("complaints:detail", args=[_PK_SLOT])
    iprs = _ipr_names({row.ipr_id for row in rows if row.ipr_id})
    actions = actions_needed([row.id for row in rows if row.status in ACTION_STATUSES])
    return [
        ComplaintRow(
            pk=row.id,
            detail_url=link.replace(str(_PK_SLOT), str(row.id)),
            created_label=timezone.localtime(row.created_at).strftime("%Y-%m-%d %H:%M"),
            platform_label=labels["platform"].get(row.platform, row.platform),
            ipr_label=iprs.get(row.ipr_id, "") if row.ipr_id else "",
            reason_label=labels["reason"].get(row.reason, row.reason),
            status=row.status,
            status_label=labels["status"].get(row.status, row.status),
            url_count=row.url_count,
            valid_count=row.valid_count,
            action=actions.get(row.id),
        )
        for row in rows
    ]


# Only a complaint a reviewer is deciding or has decided can have a counter-notice to answer.
ACTION_STATUSES = frozenset({ComplaintStatus.IN_REVIEW, ComplaintStatus.PROCESSED})


def _ipr_names(ids: set[int]) -> dict[int, str]:
    """The names of a page's IPRs, from their name columns only (one query, in SQL: the ORM
    prepared each of the page's ids one by one)."""
    from ipr.models import IPR, ipr_name, kind_labels

    if not ids:
        return {}
    meta, quote = IPR._meta, connection.ops.quote_name
    column = {field.name: str(field.column) for field in meta.concrete_fields}
    columns = ", ".join(quote(column[name]) for name in IPR.NAME_FIELDS)
    slots = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {columns} FROM {meta.db_table} WHERE id IN ({slots})",  # noqa: S608
            sorted(ids),
        )
        rows = cursor.fetchall()
    kinds = kind_labels()
    return {pk: ipr_name(*name, kinds=kinds) for pk, *name in rows}


_PK_SLOT = 987654321987  # reversed once per page, then replaced by each row's id


def access_complaint(actor: User | AnonymousUser, pk: int) -> Complaint:
    """The complaint if the actor may see any of it (complainant, reviewer, a seller with an
    accepted URL in it); 404 otherwise. What each of them sees is `visibility.see_complaint`'s."""
    return see_complaint(actor, pk).complaint


def access_own_complaint(actor: User | AnonymousUser, pk: int) -> Complaint:
    sight = see_complaint(actor, pk)
    if not sight.is_complainant:
        raise Http404
    return sight.complaint


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


# Complaints per status, per complainant (scope: the account's id) and overall (scope 0), kept by
# database triggers (complaints.migrations.0006; core.tallies says why triggers and deltas).
STATUS_TALLY = TallySpec(
    name="complaints", table="complaints_complaint", key="status", scope="complainant_id"
)


def status_counts(user: User | None = None) -> dict[str, int]:
    """{status: number of complaints} of `user`, or of everyone: exact, one query on a few rows."""
    return tallies.counts(STATUS_TALLY.name, user.pk if user is not None else tallies.EVERYONE)


def status_summary(
    user: User, counts: dict[str, int] | None = None
) -> list[tuple[str | Promise, int, str]]:
    """The account's complaints per status, for the Manage Complaints chart (`counts`: the
    account's `status_counts` when the caller has them already)."""
    counts = status_counts(user) if counts is None else counts
    return [
        (label, counts[value], STATUS_TONES.get(value, "brand"))
        for value, label in ComplaintStatus.choices
        if counts.get(value)
    ]


@dataclass(frozen=True)
class StatusTotal:
    status: str
    label: str | Promise
    count: int


def status_totals(counts: dict[str, int]) -> tuple[list[StatusTotal], int]:
    """Manage Complaints' totals from the maintained counts (`status_counts`, no count of the
    table): each status with complaints, in workflow order, and the sum."""
    totals = [
        StatusTotal(value, label, counts[value])
        for value, label in ComplaintStatus.choices
        if counts.get(value)
    ]
    return totals, sum(t.count for t in totals)
