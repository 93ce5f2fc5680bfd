"""Reads for the review workflow, scoped by who asks (404 for anyone else)."""

from dataclasses import dataclass
from datetime import UTC, datetime

from django.db import connection, models
from django.db.models import Count, Exists, F, Min, OuterRef, Prefetch, QuerySet, Subquery
from django.db.models.functions import Cast
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_reviewer, is_seller, require_reviewer
from catalogue.models import Seller
from complaints.models import Complaint, ComplaintItem, ItemStatus
from complaints.selectors import ActionNeeded
from complaints.standing import with_notifier_figures
from complaints.visibility import complainant_contacts, seller_visible_items
from core import claims
from core.cursors import BadCursor
from core.errors import DomainError
from core.keyset import beyond
from core.models import Claim

from .models import CounterNotice, Deadline, DeadlineKind, DeadlineStatus, PenaltyEntry
from .policy import counter_notice_chances

QUEUE_PAGE = 50
SELLER_PAGE = 50


# --- workbench ---------------------------------------------------------------------------------
@dataclass
class QueueSummary:
    queue: claims.Queue
    count: int
    claimed: int
    oldest: datetime | None


def workbench(actor: User) -> list[QueueSummary]:
    """Every queue with its size, oldest item and claimed count. A queue with a maintained count
    (Queue.size) is not counted, its oldest item is the first of its index; the others are
    counted together in one statement (`_counted`); the claimed count probes the queue from its
    active claims (few), and only for queues that have some."""
    require_reviewer(actor)
    held = dict(Claim.objects.filter(active=True).values_list("queue").annotate(n=Count("pk")))
    queues = claims.queues()
    counted = _counted([queue for queue in queues if queue.size is None])
    return [_summary(queue, bool(held.get(queue.name)), counted) for queue in queues]


# The SQL counting each queue without a maintained count, compiled once per process: a queue's
# `queryset` is the same query on every call (core.claims.Queue; tests/reviews/test_list_pages.py
# checks it at two times and in two languages). Compiling the six small queues' aggregates was
# two fifths of the Workbench's time; their rows are few.
_COUNT_SQL: dict[str, tuple[str, tuple]] = {}


def _count_sql(queue: claims.Queue) -> tuple[str, tuple]:
    found = _COUNT_SQL.get(queue.name)
    if found is None:
        rows = queue.queryset().order_by().annotate(queue_age=F(queue.age_field))
        inner, params = rows.values_list("queue_age").query.sql_with_params()
        found = _COUNT_SQL[queue.name] = (
            f"SELECT %s, COUNT(*), MIN(q.queue_age) FROM ({inner}) q",  # noqa: S608
            (queue.name, *params),
        )
    return found


def _counted(queues: list[claims.Queue]) -> dict[str, tuple[int, datetime | None]]:
    """{queue name: (open items, oldest item's age)} of `queues`: one statement."""
    if not queues:
        return {}
    parts = [_count_sql(queue) for queue in queues]
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(sql for sql, _params in parts),
            [param for _sql, params in parts for param in params],
        )
        found = cursor.fetchall()
    return {
        name: (int(n), None if oldest is None else _as_datetime(oldest))
        for name, n, oldest in found
    }


def _summary(
    queue: claims.Queue, any_claims: bool, counted: dict[str, tuple[int, datetime | None]]
) -> QueueSummary:
    if queue.size is not None:
        count = queue.size()
        if queue.oldest is not None:
            oldest = queue.oldest()
        else:
            oldest = queue.queryset().aggregate(oldest=Min(queue.age_field))["oldest"]
    else:
        count, oldest = counted[queue.name]
    claimed = 0
    if any_claims:
        still_open = queue.queryset().filter(
            pk=Cast(OuterRef("object_id"), models.BigIntegerField())
        )
        held = Claim.objects.filter(queue=queue.name, active=True).filter(Exists(still_open))
        claimed = held.count()
    return QueueSummary(queue, count, claimed, oldest)


def reviewer_queue(actor: User, queue_name: str) -> claims.Queue:
    require_reviewer(actor)
    try:
        return claims.get_queue(queue_name)
    except DomainError as exc:
        raise Http404 from exc


def queue_page(actor: User, queue_name: str, after: tuple | None = None, size: int = QUEUE_PAGE):
    """One page of a queue in its order (oldest first, or the queue's `order_by`; keyset on
    those fields), each row with its claim holder and, for complaints, the complainant's stored
    accuracy figures and tier: one query (two past the first page of a queue ordered by more
    than its age: the cursor row's other keys are read back)."""
    queue = reviewer_queue(actor, queue_name)
    qs = _queue_rows_query(queue)
    if after:
        keys = _cursor_keys(queue, after)
        qs = qs.filter(beyond(qs.model, queue.ordering, keys, descending=False))
    rows = list(qs[: size + 1])
    # Each row's link: reversed once for the page, then each row's id put in its place.
    link = queue.url(_Slot)
    for row in rows:
        row.age = getattr(row, queue.age_field)
        row.work_url = link.replace(_SLOT_TEXT, str(row.pk))
    return queue, rows[:size], (rows[size - 1] if len(rows) > size else None)


class _Slot:
    pk = 987654321987


_SLOT_TEXT = str(_Slot.pk)


def _queue_rows_query(queue: claims.Queue) -> QuerySet:
    """The queue's open items in its order, with their claim holder and, for complaints, the
    complainant's stored figures and tier."""
    holder = Claim.objects.filter(
        queue=queue.name, active=True, object_id=Cast(OuterRef("pk"), models.CharField())
    ).values("reviewer__email")[:1]
    qs = claims.open_items(queue).annotate(holder_email=Subquery(holder))
    if qs.model is Complaint:
        qs = with_notifier_figures(qs)
    return qs


def _cursor_keys(queue: claims.Queue, after: tuple) -> tuple:
    """The cursor (age, pk) as the values of the queue's order: a queue ordered by more than its
    age (complaints: priority first) reads the cursor row's other keys back; they never change
    once the row is queued. A cursor whose row is gone answers 400."""
    fields = queue.ordering
    if fields == (queue.age_field, "pk"):
        return after
    model = queue.queryset().model
    keys = model._default_manager.filter(pk=after[1]).values_list(*fields).first()
    if keys is None:
        raise BadCursor(_("This page link is out of date. Go back to the first page of the list."))
    return keys


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
    complaint = (
        Complaint.objects.select_related("ipr", "complainant", "complainant__standing")
        .filter(pk=pk)
        .first()
    )
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


@dataclass(frozen=True)
class ItemFilter:
    """The review page's narrowing of a complaint's URLs (every field optional)."""

    seller: int | None = None
    category: str = ""
    status: str = ""

    def apply(self, items: QuerySet) -> QuerySet:
        if self.seller:
            items = items.filter(seller_id=self.seller)
        if self.category:
            items = items.filter(catalogue_listing__category=self.category)
        if self.status:
            items = items.filter(status=self.status)
        return items


def item_facets(complaint: Complaint) -> dict[str, list]:
    """The sellers, categories and statuses of a complaint's URLs with their counts (what the
    filter offers): three grouped queries, whatever the number of URLs."""
    items = complaint.items.all()
    return {
        "sellers": list(
            items.filter(seller__isnull=False)
            .values("seller_id", "seller__store_name")
            .annotate(n=Count("pk"))
            .order_by("seller__store_name")
        ),
        "categories": list(
            items.exclude(catalogue_listing__category="")
            .filter(catalogue_listing__isnull=False)
            .values("catalogue_listing__category")
            .annotate(n=Count("pk"))
            .order_by("catalogue_listing__category")
        ),
        "statuses": list(items.values("status").annotate(n=Count("pk")).order_by("status")),
    }


def open_item_ids(complaint: Complaint, narrowing: ItemFilter) -> list[int]:
    """The URLs awaiting a decision that match the filter ("select all matching")."""
    matching = narrowing.apply(complaint.items.filter(status=ItemStatus.VALID))
    return list(matching.order_by("line").values_list("pk", flat=True))


def access_item_for_review(actor: User, pk: int) -> ComplaintItem:
    require_reviewer(actor)
    item = _items_qs().filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


# --- sellers -----------------------------------------------------------------------------------
def _open_due(kind: str, value: str = "due_at"):
    return Subquery(
        Deadline.objects.filter(item=OuterRef("pk"), kind=kind, status=DeadlineStatus.OPEN).values(
            value
        )[:1]
    )


def _latest_notice(value: str):
    return Subquery(
        CounterNotice.objects.filter(item=OuterRef("pk")).order_by("-round").values(value)[:1]
    )


def rounds_prefetch() -> Prefetch:
    """Every counter-notice of the URLs, in round order, in one query."""
    return Prefetch("counter_notices", queryset=CounterNotice.objects.order_by("round", "id"))


def _notice_count():
    return Subquery(
        CounterNotice.objects.filter(item=OuterRef("pk"))
        .values("item")
        .annotate(n=Count("id"))
        .values("n")[:1]
    )


def latest_counter_notice(item: ComplaintItem) -> dict | None:
    """The item's latest counter-notice round as {id, status, round}, from the annotations of
    `seller_items` (no query)."""
    notice_id = getattr(item, "notice_id", None)
    if not notice_id:
        return None
    return {
        "id": notice_id,
        "status": getattr(item, "notice_status", ""),
        "round": getattr(item, "notice_round", 1),
    }


@dataclass
class Chances:
    """Where a seller stands with the counter-notice chances of one taken-down listing."""

    total: int
    used: int  # counter-notices sent
    open_round: int | None  # the chance whose window is open now
    due_at: datetime | None
    latest_sent: int = 0  # the round of the latest counter-notice sent
    last_round: int = 0  # the latest chance whose window was opened
    down: bool = True  # the listing is still taken down (a further chance may come)

    @property
    def can_send(self) -> bool:
        """A window is open and not yet used (the service checks again under lock)."""
        return (
            self.open_round is not None
            and self.due_at is not None
            and self.due_at > timezone.now()
            and self.latest_sent != self.open_round
        )

    @property
    def remaining(self) -> int:
        """Chances left after the open one (or after the last opened one)."""
        if not self.down:
            return 0
        current = self.open_round or max(self.last_round, self.latest_sent)
        return max(self.total - current, 0)


def chances_of(item: ComplaintItem) -> Chances:
    """For an item from `seller_items` (its windows and rounds annotated): no query."""
    return Chances(
        total=counter_notice_chances(item.complaint.platform),
        used=getattr(item, "notice_count", None) or 0,
        open_round=getattr(item, "seller_round", None),
        due_at=getattr(item, "seller_due", None),
        latest_sent=getattr(item, "notice_round", None) or 0,
        last_round=getattr(item, "seller_last_round", None) or 0,
        down=item.status in (ItemStatus.ACCEPTED, ItemStatus.UPHELD),
    )


def seller_items(actor: User) -> QuerySet:
    """Every accepted complaint URL about the seller account's own stores, newest first, with
    its open windows and its latest counter-notice round as annotations (a list costs no query
    per row nor per round; `access_seller_item` adds every round)."""
    if not actor.is_authenticated or not actor.is_seller:
        raise Http404
    # The complaints (with their IPR, complainant and DMCA notice) in a second query: one query
    # joining all eight tables took PostgreSQL 9 ms to plan, four times the time to run it.
    complaints = Complaint.objects.select_related("ipr", "complainant", "dmca")
    return (
        seller_visible_items(actor)
        .select_related("catalogue_listing", "seller")
        .prefetch_related(Prefetch("complaint", queryset=complaints))
        .annotate(**_windows_and_rounds())
        .order_by("-decided_at", "-pk")
    )


def _windows_and_rounds() -> dict:
    """The annotations of a seller's URL: its open windows and its counter-notice rounds."""
    return {
        "seller_due": _open_due("seller_counter_notice"),
        "seller_round": _open_due("seller_counter_notice", "round"),
        "seller_last_round": Subquery(
            Deadline.objects.filter(item=OuterRef("pk"), kind=DeadlineKind.SELLER_COUNTER_NOTICE)
            .order_by("-round")
            .values("round")[:1]
        ),
        "complainant_due": _open_due("complainant_answer"),
        "notice_id": _latest_notice("pk"),
        "notice_status": _latest_notice("status"),
        "notice_round": _latest_notice("round"),
        "notice_count": _notice_count(),
    }


def _seller_rows(actor: User, after: tuple | None, size: int, base: QuerySet) -> list:
    """Up to size + 1 rows of `base` (the seller's visible URLs, as models or values), newest
    decision first: each of the account's stores (a few) is read in the order of its index,
    item_seller_visible, up to the page's end, and the stores are merged here: the cost is the
    page's, not the number of URLs (one query, then one per store). With several stores, each
    store gives only its keys and the page's rows are read in one more query, so rows of other
    stores past the page's end are never built."""
    if not actor.is_authenticated or not actor.is_seller:
        raise Http404
    stores = store_ids(actor)

    def of_store(qs: QuerySet, store: int) -> QuerySet:
        qs = qs.filter(seller_id=store)
        if after:
            qs = qs.filter(beyond(ComplaintItem, ("decided_at", "pk"), after, descending=True))
        return qs.order_by("-decided_at", "-pk")[: size + 1]

    if len(stores) == 1:
        return list(of_store(base, stores[0]))
    keyed = base.prefetch_related(None).values_list("decided_at", "pk")
    keys: list = []
    for store in stores:
        keys += of_store(keyed, store)
    page = sorted(keys, reverse=True)[: size + 1]
    if not page:
        return []
    return list(base.filter(pk__in=[pk for _at, pk in page]).order_by("-decided_at", "-pk"))


def _decision_key(row) -> tuple:
    return (row["decided_at"], row["pk"]) if isinstance(row, dict) else (row.decided_at, row.pk)


def seller_page(
    actor: User, after: tuple | None = None, size: int | None = None
) -> tuple[list[ComplaintItem], ComplaintItem | None]:
    """One page of `seller_items`, newest decision first, keyset on (decided_at, pk); returns the
    rows and the last one when more follow."""
    size = size or SELLER_PAGE
    rows = _seller_rows(actor, after, size, seller_items(actor))
    return rows[:size], (rows[size - 1] if len(rows) > size else None)


SELLER_ROW_VALUES = (
    "pk",
    "status",
    "listing_id",
    "decided_at",
    "complaint_id",
    "complaint__reason",
    "catalogue_listing__title",
    "seller__store_name",
)


def _values_page(actor: User, after: tuple | None, size: int, values: QuerySet):
    """A page of the seller's URLs as dicts of `values`, each with its `complainant` (the
    visibility rule's `complainant_contacts`: a query of its own, as joining the complainants
    to the page's query doubled the time PostgreSQL takes to plan it), its windows and rounds,
    and the next page's keyset when more follow."""
    rows = _seller_rows(actor, after, size, values)
    more = len(rows) > size
    rows = rows[:size]
    contacts = complainant_contacts({row["complaint_id"] for row in rows})
    for row in rows:
        row["complainant"] = contacts[row["complaint_id"]]
    _add_windows_and_rounds(rows)
    return rows, ((rows[-1]["decided_at"], rows[-1]["pk"]) if more else None)


def _add_windows_and_rounds(rows: list[dict]) -> None:
    """`_windows_and_rounds` for a page of value rows, from one read of the page's deadlines
    and counter-notices: eight correlated subqueries per row cost more to build and plan than
    the rest of a seller's page. Each row gets seller_due, seller_round, seller_last_round,
    complainant_due, notice_id, notice_status, notice_round and notice_count, as annotated."""
    ids = [int(row["pk"]) for row in rows]
    windows: dict[int, dict] = {pk: {} for pk in ids}
    notices: dict[int, list] = {pk: [] for pk in ids}
    if ids:
        deadlines, sent = _windows_and_notices(ids)
        for item_id, pk, status, round_ in sent:
            notices[item_id].append((pk, status, round_))
        for item_id, kind, status, due_at, round_ in deadlines:
            seen = windows[item_id]
            if kind == DeadlineKind.SELLER_COUNTER_NOTICE:
                seen["seller_last_round"] = max(seen.get("seller_last_round", 0), round_)
            if status == DeadlineStatus.OPEN and (kind, "due") not in seen:
                seen[(kind, "due")] = (_as_datetime(due_at), round_)
    for row in rows:
        seen, sent = windows[row["pk"]], notices[row["pk"]]
        seller = seen.get((DeadlineKind.SELLER_COUNTER_NOTICE, "due"), (None, None))
        answer = seen.get((DeadlineKind.COMPLAINANT_ANSWER, "due"), (None, None))
        latest = sent[0] if sent else (None, None, None)
        row.update(
            seller_due=seller[0],
            seller_round=seller[1],
            seller_last_round=seen.get("seller_last_round"),
            complainant_due=answer[0],
            notice_id=latest[0],
            notice_status=latest[1],
            notice_round=latest[2],
            notice_count=len(sent) or None,
        )


def _windows_and_notices(ids: list[int]) -> tuple[list[tuple], list[tuple]]:
    """The deadlines (item_id, kind, status, due_at, round; soonest first) and counter-notices
    (item_id, id, status, round; latest round first) of the items `ids`: one statement, in SQL
    (the ORM prepared each of the page's fifty ids one by one)."""
    slots = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT 0, item_id, kind, status, due_at, round, id FROM {Deadline._meta.db_table} "  # noqa: S608
            f"WHERE item_id IN ({slots}) UNION ALL "
            f"SELECT 1, item_id, NULL, status, NULL, round, id FROM {CounterNotice._meta.db_table} "
            f"WHERE item_id IN ({slots})",
            [*ids, *ids],
        )
        found = cursor.fetchall()
    deadlines = sorted((r for r in found if r[0] == 0), key=lambda r: (_as_datetime(r[4]), r[6]))
    notices = sorted((r for r in found if r[0] == 1), key=lambda r: -r[5])
    return [r[1:6] for r in deadlines], [(r[1], r[6], r[3], r[5]) for r in notices]


def seller_list_page(
    actor: User, after: tuple | None = None, size: int | None = None
) -> tuple[list[dict], tuple | None]:
    """The seller home's page as plain values: the same URLs, order and keyset as
    `seller_page` (the visibility rule's `seller_visible_items`), each row a dict of
    SELLER_ROW_VALUES plus `complainant` (the rule's `complainant_contacts`). Building fifty
    rows of eight joined models cost more than the rest of the page. Returns the rows and the
    next page's (decided_at, pk) when more follow."""
    size = size or SELLER_PAGE
    values = seller_visible_items(actor).values(*SELLER_ROW_VALUES)
    return _values_page(actor, after, size, values)


SELLER_API_VALUES = (
    *SELLER_ROW_VALUES,
    "url",
    "outcome",
    "complaint__platform",
    "complaint__ipr_id",
    *(f"complaint__ipr__{name}" for name in ("kind", "mark_word", "title", "work_title", "number")),
)


def seller_api_page(
    actor: User, after: tuple | None = None, size: int | None = None
) -> tuple[list[dict], tuple | None]:
    """The API's page of the seller's URLs as plain values: `seller_page`'s URLs, order, keyset
    and annotations, each row a dict of SELLER_API_VALUES plus `complainant` (the visibility
    rule's `complainant_contacts`). Building fifty items with their listing, store, complaint,
    IPR and complainant as models was more than half of the API page. Returns the rows and the
    next page's (decided_at, pk) when more follow."""
    size = size or SELLER_PAGE
    values = seller_visible_items(actor).values(*SELLER_API_VALUES)
    return _values_page(actor, after, size, values)


def chances_of_row(row: dict) -> Chances:
    """`chances_of` for a row of `seller_api_page`."""
    return Chances(
        total=counter_notice_chances(row["complaint__platform"]),
        used=row["notice_count"] or 0,
        open_round=row["seller_round"],
        due_at=row["seller_due"],
        latest_sent=row["notice_round"] or 0,
        last_round=row["seller_last_round"] or 0,
        down=row["status"] in (ItemStatus.ACCEPTED, ItemStatus.UPHELD),
    )


def access_seller_item(actor: User, pk: int) -> ComplaintItem:
    """One of the seller's URLs with every counter-notice round (`item.counter_notices.all()`)."""
    item = seller_items(actor).prefetch_related(rounds_prefetch()).filter(pk=pk).first()
    if item is None:
        raise Http404
    return item


def seller_ledger(actor: User) -> QuerySet:
    if not actor.is_authenticated or not actor.is_seller:
        raise Http404
    return PenaltyEntry.objects.filter(seller_id__in=store_ids(actor))


LEDGER_VALUES = ("created_at", "points", "explanation", "item__complaint_id", "item__line")


def ledger_lines(entries: QuerySet, limit: int) -> list[dict]:
    """The first `limit` of the penalty `entries` as the values a ledger shows (_ledger.html):
    each entry's URL is named by its complaint and line, so its other thirty columns are not
    read (they cost the seller home a millisecond with nothing on record)."""
    return list(entries.values(*LEDGER_VALUES)[:limit])


def store_ids(actor: User) -> list[int]:
    """The ids of the seller account's stores, read once per request (kept on the request's
    user: a seller's pages ask for them three times)."""
    ids = getattr(actor, "_store_ids", None)
    if ids is None:
        ids = list(actor.marketplace_stores.values_list("pk", flat=True))
        setattr(actor, "_store_ids", ids)  # noqa: B010 - not a declared attribute of User
    return ids


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


def counter_notices_to_answer(complaint_ids: list[int]) -> dict[int, ActionNeeded]:
    """For Manage Complaints' "action needed" column: per complaint of the page, the
    counter-notices waiting for the complainant's answer and the earliest answer due (one query,
    on the open answer windows of those complaints' URLs). SQL, because every list page asks and
    the ORM took ten times longer to write this query than the database took to answer it."""
    ids = [int(pk) for pk in complaint_ids]
    if not ids:
        return {}
    slots = ", ".join(["%s"] * len(ids))
    sql = (
        f"SELECT i.complaint_id, COUNT(d.id), MIN(d.due_at) FROM {Deadline._meta.db_table} d "  # noqa: S608
        f"JOIN {ComplaintItem._meta.db_table} i ON i.id = d.item_id "
        f"WHERE d.kind = %s AND d.status = %s AND i.complaint_id IN ({slots}) "
        "GROUP BY i.complaint_id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [DeadlineKind.COMPLAINANT_ANSWER, DeadlineStatus.OPEN, *ids])
        rows = cursor.fetchall()
    return {pk: ActionNeeded(n, _as_datetime(due)) for pk, n, due in rows}


def _as_datetime(value) -> datetime:
    """A timestamp as the cursor gives it: PostgreSQL's driver gives an aware datetime; SQLite
    gives the text Django stored (UTC)."""
    if isinstance(value, datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value, UTC)
    parsed = datetime.fromisoformat(value)
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed, UTC)
