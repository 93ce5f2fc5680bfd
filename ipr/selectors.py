"""Reads of IPRs, scoped by who asks. Other apps use `authenticated_iprs_for` and
`why_not_offered` (complaints may only be filed on an authenticated, current right)."""

import datetime
import uuid
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache, caches
from django.core.cache.backends.db import DatabaseCache
from django.db import transaction
from django.db.models import (
    BooleanField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_reviewer, require_reviewer
from accounts.selectors import filing_block_reason
from core import tallies
from core.audit import trail_for
from core.cursors import checked_choice, decode_keyset, encode_keyset
from core.keyset import beyond
from core.models import Document
from core.tallies import TallySpec

from .models import IPR, IPRKind, IPRStatus, ipr_name, is_current, kind_labels

_DOCS = (
    "certificate",
    "logo",
    "madrid_designation",
    "evaluation_report",
    "content_pages",
    "ownership_statement",
    "authorship_proof",
    "authorization_letter",
)


def with_documents(qs: QuerySet) -> QuerySet:
    return qs.select_related("owner", "decided_by", "renewal_of", *_DOCS).prefetch_related(
        "supporting_documents"
    )


def load_documents(iprs: list[IPR], owner: User | None = None) -> list[IPR]:
    """The documents of a page of IPRs already read, for the API's list: every attached
    document in one query (their ids are on the rows) and the supporting documents in another,
    whatever the page holds. Joining thirteen tables to a list made PostgreSQL plan for 9 ms and
    then hash every IPR of the owner before keeping a page of them; a query per kind of document
    cost eight round trips and their model machinery. `owner`: the account every IPR of the page
    belongs to (the owner's own list), which is then not read again."""
    if not iprs:
        return iprs
    owner_field = IPR._meta.get_field("owner")
    if owner is not None and all(ipr.owner_id == owner.pk for ipr in iprs):
        for ipr in iprs:
            owner_field.set_cached_value(ipr, owner)
    fields: list[Any] = [IPR._meta.get_field(name) for name in _DOCS]
    wanted = {getattr(ipr, field.attname) for ipr in iprs for field in fields} - {None}
    docs = Document.objects.only("id", "original_name", "content_type").in_bulk(wanted)
    for ipr in iprs:
        for field in fields:
            doc_id = getattr(ipr, field.attname)
            field.set_cached_value(ipr, docs.get(doc_id) if doc_id is not None else None)
    # whether an authorization letter is needed depends on the owner's category
    if not owner_field.is_cached(iprs[0]):
        prefetch_related_objects(iprs, "owner")
    _load_supporting_documents(iprs)
    return iprs


def _load_supporting_documents(iprs: list[IPR]) -> None:
    """Each IPR's supporting documents, in the order uploaded, as `IPR.documents_by_role` reads
    them: one query of plain values. Django's prefetch of the many-to-many built a related
    manager and a queryset for every IPR of the page, a fifth of the API list's time, for
    documents most IPRs do not have."""
    through = IPR.supporting_documents.through
    found: dict[int, list[Document]] = {ipr.pk: [] for ipr in iprs}
    names = ["id", "original_name", "content_type"]
    rows = (
        through.objects.filter(ipr_id__in=list(found))
        .order_by("document__uploaded_at", "document_id")
        .values_list("ipr_id", "document_id", "document__original_name", "document__content_type")
    )
    for ipr_id, *document in rows:
        found[ipr_id].append(Document.from_db("default", names, document))
    for ipr in iprs:
        ipr.loaded_supporting_documents = found[ipr.pk]


def iprs_for_owner(user: User, *, status: str = "", kind: str = "") -> QuerySet:
    """The IPR Management list: the account's own IPRs, newest first. An unknown status or
    kind raises BadQuery (400)."""
    status = checked_choice(status, name="status", allowed=IPRStatus.values)
    kind = checked_choice(kind, name="kind", allowed=IPRKind.values)
    qs = IPR.objects.filter(owner=user)
    if status:
        qs = qs.filter(status=status)
    if kind:
        qs = qs.filter(kind=kind)
    return qs.order_by("-created_at", "-id")


def owner_page(
    user: User, *, status: str = "", kind: str = "", cursor: str = "", size: int = 25
) -> tuple[list[IPR], str]:
    """One page of IPR Management, newest first, keyset-paginated on (created_at, id): constant
    cost at any depth (index ipr_owner_newest / ipr_owner_status_newest), each row flagged with
    `has_open_renewal` (with_open_renewal). Returns the rows and the next page's cursor (""
    at the end); a damaged cursor raises BadQuery (400)."""
    qs = with_open_renewal(iprs_for_owner(user, status=status, kind=kind))
    if cursor:
        position = decode_keyset(cursor)
        qs = qs.filter(beyond(IPR, ("created_at", "id"), position, descending=True))
    rows = list(qs[: size + 1])
    next_cursor = (
        encode_keyset(rows[size - 1].created_at, rows[size - 1].pk) if len(rows) > size else ""
    )
    return rows[:size], next_cursor


def with_open_renewal(iprs: QuerySet) -> QuerySet:
    """`iprs` with `has_open_renewal`: True when a renewal of the IPR is already under way (so
    "Renew" is offered once), else None. A scalar subquery, read for each row the page returns:
    written as EXISTS, PostgreSQL planned it for every IPR of the owner rather than the page and
    hashed the whole table whenever that looked cheaper (0.3 of the page's 0.4 ms in the
    database with 2,000 IPRs, growing with the table)."""
    open_renewal = (
        IPR.objects.filter(renewal_of=OuterRef("pk"))
        .exclude(status__in=[IPRStatus.WITHDRAWN, IPRStatus.EXPIRED])
        .order_by()
        .annotate(flag=Value(True))
        .values("flag")[:1]
    )
    return iprs.annotate(has_open_renewal=Subquery(open_renewal, output_field=BooleanField()))


# IPRs per status, per owner (scope: the account's id) and overall (scope 0), kept by database
# triggers (ipr.migrations.0003; core.tallies says why triggers and deltas).
STATUS_TALLY = TallySpec(name="iprs", table="ipr_ipr", key="status", scope="owner_id")


def status_counts(user: User | None = None) -> dict[str, int]:
    """{status: number of IPRs} of `user`, or of everyone: exact, one query on a few rows."""
    return tallies.counts(STATUS_TALLY.name, user.pk if user is not None else tallies.EVERYONE)


def access_ipr(actor: User | AnonymousUser | None, pk: int) -> IPR:
    """The IPR if `actor` owns it or is a reviewer; 404 otherwise (no existence leak)."""
    if actor is None or not actor.is_authenticated:
        raise Http404
    qs = with_documents(IPR.objects.all())
    if not is_reviewer(actor):
        qs = qs.filter(owner=actor)
    ipr = qs.filter(pk=pk).first()
    if ipr is None:
        raise Http404
    return ipr


def access_own_ipr(actor: User | AnonymousUser, pk: int) -> IPR:
    """Only the owning account (edit, resubmit, renew, the authorization letter)."""
    ipr = access_ipr(actor, pk)
    if ipr.owner_id != actor.pk:
        raise Http404
    return ipr


def access_ipr_for_review(actor: User | AnonymousUser, pk: int) -> IPR:
    require_reviewer(actor)
    return access_ipr(actor, pk)


def review_queue(actor: User | AnonymousUser) -> QuerySet:
    """Pending IPRs, oldest submission first."""
    require_reviewer(actor)
    return (
        IPR.objects.filter(status=IPRStatus.PENDING)
        .select_related("owner")
        .order_by("submitted_at", "id")
    )


def ipr_trail(ipr: IPR):
    return trail_for(ipr)


def authenticated_iprs_for(user: User, *, today: datetime.date | None = None) -> QuerySet:
    """The rights this account may file complaints on today: authenticated, its own, with the
    right's, the letter's and the identity's terms all current (ends-today rule), and only
    while the account may file at all. Used by complaints."""
    today = today or timezone.localdate()
    if filing_block_reason(user) is not None or not is_current(user.identity_expires_on, today):
        return IPR.objects.none()
    return (
        IPR.objects.filter(owner=user, status=IPRStatus.AUTHENTICATED)
        .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
        .filter(Q(letter_ends_on__isnull=True) | Q(letter_ends_on__gte=today))
        .order_by("kind", "mark_word", "title", "work_title", "id")
    )


def why_not_offered(ipr: IPR, *, today: datetime.date | None = None) -> str | None:
    """Why this IPR cannot back a complaint today, as a sentence for the owner; None if it can."""
    today = today or timezone.localdate()
    block = filing_block_reason(ipr.owner)
    if block:
        return block
    if ipr.status != IPRStatus.AUTHENTICATED:
        reasons: dict[str, str] = {
            IPRStatus.DRAFT: _("It has not been submitted for authentication yet."),
            IPRStatus.PENDING: _("It is waiting for a reviewer to authenticate it."),
        }
        if ipr.status in reasons:
            return str(reasons[ipr.status])
        return _("%(status)s: %(reason)s") % {
            "status": ipr.get_status_display(),
            "reason": ipr.reason_text,
        }
    for ends_on, message in (
        (ipr.expires_on, _("The term of the right ended on %(date)s.")),
        (ipr.letter_ends_on, _("The authorization letter's term ended on %(date)s.")),
        (ipr.owner.identity_expires_on, _("Your identity certificate expired on %(date)s.")),
    ):
        if ends_on is not None and not is_current(ends_on, today):
            return message % {"date": ends_on.isoformat()}
    return None


def unavailable_iprs_for(
    user: User, *, today: datetime.date | None = None
) -> list[tuple[IPR, str]]:
    """The account's IPRs that are not offered for complaints, each with the reason."""
    rows = IPR.objects.filter(owner=user).select_related("owner").order_by("-created_at")
    result = []
    for ipr in rows:
        reason = why_not_offered(ipr, today=today)
        if reason:
            result.append((ipr, reason))
    return result


# --- the owner's IPR names for filters ----------------------------------------------------------
# Manage Complaints' IPR filter lists the owner's newest FILTER_IPRS IPRs by name on every load.
# The names are cached per owner and language under a version token that any saved or deleted
# IPR of the owner replaces once its transaction commits (ipr.apps), so the list is exact after
# each change. A version found missing (evicted, or a new cache) is replaced by a new token, so
# names cached under an older one are never read again; a cache that cannot be reached reads the
# database. NAMES_SECONDS bounds how long names could outlive a change whose new token the cache
# failed to store. With the database as the cache (the local run) each look-up would cost as much
# as the read it saves, so the names are read every time.
FILTER_IPRS = 200
NAMES_SECONDS = 300


def _names_version_key(owner_id: int) -> str:
    return f"ipr-names-version:{owner_id}"


def filter_names(owner_id: int) -> list[tuple[int, str]]:
    """(id, name) of the owner's newest FILTER_IPRS IPRs, newest first, in the active language."""
    version_key, version = _names_version_key(owner_id), None
    if not isinstance(caches["default"], DatabaseCache):
        version = cache.get(version_key)
        if version is None:
            cache.add(version_key, uuid.uuid4().hex, None)
            version = cache.get(version_key)
    key = f"ipr-names:{owner_id}:{version}:{get_language()}"
    names = cache.get(key) if version is not None else None
    if names is None:
        kinds = kind_labels()
        rows = (
            IPR.objects.filter(owner_id=owner_id)
            .order_by("-id")
            .values_list("pk", *IPR.NAME_FIELDS)[:FILTER_IPRS]
        )
        names = [(pk, ipr_name(*name, kinds=kinds)) for pk, *name in rows]
        if version is not None:
            cache.set(key, names, NAMES_SECONDS)
    return names


def owned_ipr_name(owner_id: int, pk: int) -> str | None:
    """The name of the IPR `pk` if the account `owner_id` owns it (a filter naming an IPR)."""
    row = IPR.objects.filter(owner_id=owner_id, pk=pk).values_list(*IPR.NAME_FIELDS).first()
    return ipr_name(*row) if row is not None else None


def names_changed(owner_id: int) -> None:
    """An IPR of the owner was saved or deleted: filter_names reads again, now (this transaction
    sees the change) and once it commits (a reader that read before the commit may have cached
    the names it saw under the first new token)."""
    if isinstance(caches["default"], DatabaseCache):
        return
    key = _names_version_key(owner_id)
    cache.set(key, uuid.uuid4().hex, None)
    transaction.on_commit(lambda: cache.set(key, uuid.uuid4().hex, None))
