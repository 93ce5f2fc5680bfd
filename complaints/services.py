"""Complaint filing: drafts, submission, batch validation by a worker, withdrawal, DMCA notices.

Invariants: the URL paste is checked line by line with `urlcheck.check_urls` (pure) whenever it is
saved; a complaint is submitted only when every line passes; the worker then checks the URLs
against the marketplace in batches of `policy.validation_batch()` (a whole complaint at once),
each a fixed number of statements whatever its size, and is idempotent: it locks the complaint,
only touches items still pending and only a complaint still validating."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import filing_block_reason
from catalogue import connector
from catalogue.connector import get_connector
from catalogue.models import Listing, ListingStatus
from catalogue.urlcheck import LineResult, Platform, check_urls
from core import audit, languages, outbox
from core.bulk import insert_values, update_from_values
from core.documents import attach, check_count
from core.errors import DomainError
from core.models import Document
from core.notify import email_after_commit, notify_user
from core.workflow import check_moves, check_transition, move_rows
from ipr.models import IPR
from ipr.selectors import authenticated_iprs_for

from . import policy
from .audit_actions import ComplaintAction
from .models import (
    OPEN_COMPLAINT_STATUSES,
    Complaint,
    ComplaintItem,
    ComplaintSource,
    ComplaintStatus,
    DmcaNotice,
    ItemOutcome,
    ItemStatus,
    QueuePriority,
)
from .reasons import COPYRIGHT_DMCA_REASONS, check_proof, reasons_for
from .standing import is_good_faith

DMCA_MAX_URLS = 10
# What the worker writes to each URL it checks (one UPDATE per batch).
CHECKED_FIELDS = [
    "status",
    "error_code",
    "error_message",
    "catalogue_listing",
    "seller",
    "checked_at",
]


@dataclass
class ComplaintInput:
    platform: str
    # The IPR, or the id a client sent: either way the service reads it once, among the
    # complainant's authenticated IPRs.
    ipr: IPR | int | None
    reason: str
    urls: str
    description: str = ""
    evidence: list[Document] = field(default_factory=list)


def _check_choice(complainant: User, data: ComplaintInput) -> IPR:
    """The IPR backing the complaint, read once through the one rule for it
    (`authenticated_iprs_for`, which also refuses an account that may not file at all)."""
    pk = data.ipr.pk if isinstance(data.ipr, IPR) else data.ipr
    ipr = authenticated_iprs_for(complainant).filter(pk=pk).first() if pk else None
    if ipr is None:
        block = filing_block_reason(complainant)
        if block:
            raise DomainError(block, code="cannot_file")
        raise DomainError(
            _(
                "Choose one of your authenticated IPRs; withdrawn, expired and "
                "pending rights cannot back a complaint."
            ),
            code="ipr_unavailable",
            field="ipr",
        )
    if data.reason not in reasons_for(ipr):
        raise DomainError(
            _("This reason does not fit the chosen right; pick one of the reasons listed for it."),
            code="reason_mismatch",
            field="reason",
        )
    return ipr


def _check_text(data: ComplaintInput) -> None:
    if len(data.description) > 5000:
        raise DomainError(
            _("The description is limited to 5,000 characters."),
            code="too_long",
            field="description",
        )
    if len(data.urls) > 600_000:
        raise DomainError(
            _("The pasted text is far too long; paste at most 200 listing URLs."),
            code="too_long",
            field="urls",
        )
    check_count(data.evidence, limit=settings.IPP_UPLOAD_MAX_FILES)


def _check_input(complainant: User, data: ComplaintInput) -> IPR:
    ipr = _check_choice(complainant, data)
    _check_text(data)
    return ipr


def _create_items(complaint: Complaint, results: list) -> list[ComplaintItem]:
    """One row per checked line, in one INSERT; returned in line order with their ids."""
    return insert_values(
        ComplaintItem,
        [
            ComplaintItem(
                complaint=complaint,
                line=r.line,
                url=r.url[:2048],
                platform=r.platform or "",
                listing_id=r.listing_id or "",
                error_code=r.error or "",
                error_message=str(r.message)[:500] if r.error else "",
                status=ItemStatus.INVALID if r.error else ItemStatus.PENDING,
            )
            for r in results
        ],
    )


def _fill(complaint: Complaint, data: ComplaintInput, ipr: IPR) -> list:
    """Set the complaint's fields from the input; returns every line's check result."""
    complaint.platform, complaint.ipr, complaint.reason = data.platform, ipr, data.reason
    complaint.description = data.description.strip()
    results = check_urls(data.urls, platform=complaint.platform)
    complaint.url_count = len(results)
    return results


def _keep_evidence(complaint: Complaint, evidence: list[Document], *, created: bool) -> None:
    if evidence or not created:  # a new complaint without evidence has nothing to set
        complaint.evidence.set(evidence)
        attach(evidence)


@transaction.atomic
def save_draft(
    *,
    complainant,
    data: ComplaintInput,
    complaint: Complaint | None = None,
    source: str = ComplaintSource.PORTAL,
) -> tuple[Complaint, list]:
    """Create or update a draft; every URL line is checked and its result kept with it."""
    ipr = _check_input(complainant, data)
    created = complaint is None
    if complaint is None:
        complaint = Complaint(complainant=complainant, source=source)
    elif complaint.status != ComplaintStatus.DRAFT:
        raise DomainError(_("Only a draft can be edited."), code="not_draft")
    results = _fill(complaint, data, ipr)
    complaint.save()
    if not created:
        complaint.items.all().delete()
    _create_items(complaint, results)
    _keep_evidence(complaint, data.evidence, created=created)
    audit.record(
        action=ComplaintAction.DRAFT_SAVED,
        target=complaint,
        actor=complainant,
        to_status=complaint.status,
        data={"urls": complaint.url_count},
    )
    return complaint, results


@transaction.atomic
def submit_complaint(*, complaint: Complaint, actor: User) -> Complaint:
    """Draft -> validating; the worker takes it from there. Refused while a line is wrong."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    check_transition(complaint, ComplaintStatus.VALIDATING)
    block = filing_block_reason(actor)
    if block:
        raise DomainError(block, code="cannot_file")
    counts = complaint.items.aggregate(
        total=Count("id"), bad=Count("id", filter=Q(status=ItemStatus.INVALID))
    )
    if not counts["total"]:
        raise DomainError(_("Paste at least one listing URL."), code="no_urls", field="urls")
    if counts["bad"]:
        raise DomainError(
            _("Fix or remove the %(n)d marked line(s) before submitting.") % {"n": counts["bad"]},
            code="bad_urls",
            field="urls",
        )
    good_faith = is_good_faith(actor)
    check_proof(complaint.reason, complaint.evidence.count(), good_faith=good_faith)
    if complaint.ipr_id and not authenticated_iprs_for(actor).filter(pk=complaint.ipr_id).exists():
        raise DomainError(
            _("The chosen IPR can no longer back a complaint."), code="ipr_unavailable", field="ipr"
        )
    complaint.status = ComplaintStatus.VALIDATING
    complaint.submitted_at = timezone.now()
    complaint.processed_count = 0
    complaint.priority = QueuePriority.GOOD_FAITH if good_faith else QueuePriority.STANDARD
    complaint.save(update_fields=["status", "submitted_at", "processed_count", "priority"])
    audit.record(
        action=ComplaintAction.SUBMITTED,
        target=complaint,
        actor=actor,
        from_status=ComplaintStatus.DRAFT,
        to_status=complaint.status,
        data={"urls": complaint.url_count},
    )
    _queue_validation(complaint)
    return complaint


def _queue_validation(complaint: Complaint) -> None:
    outbox.enqueue("complaints.tasks.validate_complaint", complaint_id=complaint.pk)


def file_complaint(
    *, complainant, data: ComplaintInput, source: str = ComplaintSource.PORTAL
) -> Complaint:
    """Save and submit in one step (API and the form's Submit button); nothing is kept if a line
    is wrong. See `file_complaint_with_items`."""
    return file_complaint_with_items(complainant=complainant, data=data, source=source).complaint


@dataclass(frozen=True)
class Filed:
    """A complaint just filed, with its URLs as written (in line order, with their ids): what
    the API answers with, without reading them back."""

    complaint: Complaint
    items: list[ComplaintItem]


@transaction.atomic
def file_complaint_with_items(
    *, complainant, data: ComplaintInput, source: str = ComplaintSource.PORTAL
) -> Filed:
    """File in one step. The draft's checks are the submission's (one transaction), so they run
    once, and the complaint is written once, already validating, with both audit rows (draft
    saved, submitted) in one INSERT; its validation is queued through the outbox."""
    ipr = _check_input(complainant, data)
    good_faith = is_good_faith(complainant)
    check_proof(data.reason, len(data.evidence), good_faith=good_faith)
    complaint = Complaint(complainant=complainant, source=source)
    complaint.priority = QueuePriority.GOOD_FAITH if good_faith else QueuePriority.STANDARD
    results = _fill(complaint, data, ipr)
    if not results:
        raise DomainError(_("Paste at least one listing URL."), code="no_urls", field="urls")
    if any(r.error for r in results):
        raise LineErrors(results)
    check_transition(complaint, ComplaintStatus.VALIDATING)
    complaint.status, complaint.submitted_at = ComplaintStatus.VALIDATING, timezone.now()
    complaint.save()
    items = _create_items(complaint, results)
    _keep_evidence(complaint, data.evidence, created=True)
    urls = {"urls": complaint.url_count}
    audit.record_many(
        target_type=complaint._meta.label_lower,
        target_ids=[complaint.pk, complaint.pk],
        action=[ComplaintAction.DRAFT_SAVED, ComplaintAction.SUBMITTED],
        actor=complainant,
        from_status=["", ComplaintStatus.DRAFT],
        to_status=[ComplaintStatus.DRAFT, ComplaintStatus.VALIDATING],
        data=[urls, urls],
    )
    _queue_validation(complaint)
    return Filed(complaint, items)


def save_or_submit(
    *,
    complainant: User,
    data: ComplaintInput,
    complaint: Complaint | None = None,
    submit: bool,
) -> Complaint:
    """The filing form's two buttons. Submitting a new complaint files it in one step (nothing is
    kept if a line is wrong); otherwise the draft is saved first, wrong lines included with their
    reasons, and, when submitting, submitted only if every line is valid."""
    if submit and complaint is None:
        return file_complaint(complainant=complainant, data=data)
    saved, results = save_draft(complainant=complainant, data=data, complaint=complaint)
    if not submit:
        return saved
    if any(r.error for r in results):
        raise LineErrors(results)
    return submit_complaint(complaint=saved, actor=complainant)


@dataclass(frozen=True)
class KeptLines:
    """A paste with its invalid lines taken out: the valid lines (one per line, in their order)
    and the verdict of each line removed (its original line number and why)."""

    urls: str
    removed: list[LineResult]


def drop_invalid_lines(urls: str, *, platform: str | None) -> KeptLines:
    """Keep only the lines that pass the check (`check_urls`, with the complaint's platform when
    it is a known one). Nothing is saved. The kept lines pass the check again by construction:
    each is valid on its own, a duplicate's first mention is the one kept, and they are at most
    the limit (lines past it were refused as `too_many`)."""
    chosen = platform if platform in Platform.values else None
    results = check_urls(urls, platform=chosen)
    kept = [r.url for r in results if not r.error]
    return KeptLines("\n".join(kept), [r for r in results if r.error])


class LineErrors(DomainError):
    """Some pasted lines are wrong; `results` carries every line's verdict for the caller."""

    code = "bad_urls"

    def __init__(self, results):
        bad = sum(1 for r in results if r.error)
        super().__init__(
            _("Fix or remove the %(n)d marked line(s) before submitting.") % {"n": bad},
            field="urls",
        )
        self.results = results


# --- the worker's part -----------------------------------------------------------------------
def validate_complaint(*, complaint_id: int) -> Complaint | None:
    """Check the pending URLs against the marketplace, `policy.validation_batch()` at a time (a
    whole complaint at once), each batch committed with the complaint's counts so the page can
    show progress; the batch that leaves nothing pending also decides the complaint. Idempotent
    and resumable: each batch locks the complaint first, so a second run waits, then finds only
    what is still pending, or a complaint already decided."""
    while True:
        complaint, finished = _validate_batch(complaint_id)
        if finished:
            return complaint


@transaction.atomic
def _validate_batch(complaint_id: int) -> tuple[Complaint | None, bool]:
    """One batch; True once the complaint is decided (or was not validating). Locks, in order:
    the complaint row, then the catalogue rows of its listings (`_already_complained`)."""
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("complainant")
        .filter(pk=complaint_id)
        .first()
    )
    if complaint is None or complaint.status != ComplaintStatus.VALIDATING:
        return complaint, True
    size = policy.validation_batch()
    pending = list(
        complaint.items.filter(status=ItemStatus.PENDING)
        .order_by("line")
        .only("id", "complaint_id", "line", "listing_id", "status")[: size + 1]
    )
    batch, last = pending[:size], len(pending) <= size
    checked = _check_batch(complaint, batch)
    complaint.processed_count += len(batch)
    complaint.valid_count += sum(1 for item in batch if item.status == ItemStatus.VALID)
    if not last:
        complaint.save(update_fields=["processed_count", "valid_count"])
        audit.record_many(**checked)
        return complaint, False
    if len(batch) != complaint.url_count:  # resumed, or some lines were never pending
        complaint.valid_count = complaint.items.filter(status=ItemStatus.VALID).count()
    _decide(complaint, checked)
    return complaint, True


def _check_batch(complaint: Complaint, items: list[ComplaintItem]) -> dict:
    """Look the batch's listings up (one call), mark each URL, write them (one UPDATE) and
    return their audit rows (`audit.record_many` columns) for the caller to write."""
    if not items:
        return move_rows(items, from_status=ItemStatus.PENDING, action_prefix="url")
    listings = get_connector().lookup_listings(complaint.platform, [i.listing_id for i in items])
    already = _already_complained(complaint, listings)
    now = timezone.now()
    for item in items:
        _mark(item, listings.get(item.listing_id), already)
        item.checked_at = now
    check_moves(items, from_status=ItemStatus.PENDING)
    update_from_values(ComplaintItem, items, CHECKED_FIELDS)
    return move_rows(
        items,
        from_status=ItemStatus.PENDING,
        action_prefix="url",
        data=lambda item: {"complaint": complaint.pk, "line": item.line, "error": item.error_code},
    )


def _already_complained(complaint: Complaint, listings: dict[str, Listing]) -> set[int]:
    """The `listings` (catalogue ids) already valid in another open complaint of the same owner.

    Two validations that could accept the same listing (a double submit) must not both do so:
    this check and the writes after it run while the catalogue rows of the listings that may be
    accepted are locked (FOR NO KEY UPDATE, in id order, so two validations never wait on each
    other in a cycle; row locks, so their number is not bounded by the lock table). Validations
    of different listings, even one agency's, run side by side."""
    if not complaint.complainant_id:
        return set()
    live = sorted(x.pk for x in listings.values() if x.status != ListingStatus.TAKEN_DOWN)
    if not live:
        return set()
    _lock_listings(live)
    if connection.vendor == "postgresql":
        return _already_complained_sql(complaint, live)
    return set(
        ComplaintItem.objects.filter(
            complaint__complainant_id=complaint.complainant_id,
            complaint__status__in=OPEN_COMPLAINT_STATUSES,
            platform=complaint.platform,
            catalogue_listing_id__in=live,
            status=ItemStatus.VALID,
        )
        .exclude(complaint=complaint)
        .order_by()
        .values_list("catalogue_listing_id", flat=True)
    )


def _already_complained_sql(complaint: Complaint, live: list[int]) -> set[int]:
    """PostgreSQL: the URLs naming these listings first (their index: a few rows per listing),
    then their complaints by key. Left to the planner, the join started from the owner's open
    complaints whenever the statistics guessed few (an agency filing steadily, between two
    ANALYZEs) and read every URL of each: 17 ms per validation with 300 open complaints, growing
    with them; this way 200 index probes whatever the owner has open."""
    items, complaints = ComplaintItem._meta.db_table, Complaint._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"WITH hits AS MATERIALIZED (SELECT catalogue_listing_id, complaint_id FROM {items} "  # noqa: S608
            "WHERE catalogue_listing_id = ANY(%s) AND status = %s AND platform = %s "
            "AND complaint_id <> %s) "
            f"SELECT DISTINCT h.catalogue_listing_id FROM hits h JOIN {complaints} c "
            "ON c.id = h.complaint_id WHERE c.complainant_id = %s AND c.status = ANY(%s)",
            [
                live,
                ItemStatus.VALID.value,
                complaint.platform,
                complaint.pk,
                complaint.complainant_id,
                [str(s) for s in OPEN_COMPLAINT_STATUSES],
            ],
        )
        return {listing for (listing,) in cursor.fetchall()}


def _lock_listings(pks: list[int]) -> None:
    """Lock the catalogue rows `pks` (sorted) until the transaction ends; a no-op on SQLite,
    where one writing transaction runs at a time (IMMEDIATE mode) anyway."""
    if connection.vendor == "postgresql":
        # SQL: the ORM prepared each of the 200 ids of a complaint one by one.
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT id FROM {Listing._meta.db_table} WHERE id = ANY(%s) "  # noqa: S608
                "ORDER BY id FOR NO KEY UPDATE",
                [list(pks)],
            )


def _mark(item: ComplaintItem, listing, already: set[int]) -> None:
    """The URL's verdict, in memory: every field of CHECKED_FIELDS but `checked_at`."""
    item.status, item.error_code, item.error_message = ItemStatus.VALID, "", ""
    if listing is None:
        item.status, item.error_code = ItemStatus.INVALID, "unknown_listing"
        item.error_message = _("No such listing was found on the platform.")
    elif listing.status == ListingStatus.TAKEN_DOWN:
        item.status, item.error_code = ItemStatus.INVALID, "not_live"
        item.error_message = _("This listing is no longer online.")
    elif listing.pk in already:
        item.status, item.error_code = ItemStatus.FLAGGED, "already_complained"
        item.error_message = _(
            "This listing is already under another open complaint of yours; it was not filed twice."
        )
    item.catalogue_listing_id = listing.pk if listing is not None else None
    item.seller_id = listing.seller_id if listing is not None else None


def _decide(complaint: Complaint, checked: dict) -> None:
    """Validating -> submitted (some URL valid) or invalid; its audit row goes in the same INSERT
    as the last batch's URLs'. The caller holds the complaint's lock."""
    to = ComplaintStatus.SUBMITTED if complaint.valid_count else ComplaintStatus.INVALID
    check_transition(complaint, to)
    complaint.status, complaint.processed_count = to, complaint.url_count
    complaint.validated_at = timezone.now()
    fields = ["status", "valid_count", "processed_count", "validated_at"]
    if to == ComplaintStatus.INVALID:
        complaint.closed_at = complaint.validated_at
        fields.append("closed_at")
    complaint.save(update_fields=fields)
    audit.record_many(**_with_decision(checked, complaint, to))
    _tell_complainant(
        complaint,
        "complaint_validated",
        {
            "complaint_id": complaint.pk,
            "valid": complaint.valid_count,
            "total": complaint.url_count,
            "invalid": to == ComplaintStatus.INVALID,
        },
    )


def _with_decision(rows: dict, complaint: Complaint, to: str) -> dict:
    """The URLs' audit rows followed by the complaint's own `validated` row."""
    decision = {
        "target_type": complaint._meta.label_lower,
        "target_ids": [complaint.pk],
        "action": ComplaintAction.VALIDATED,
        "from_status": ComplaintStatus.VALIDATING,
        "to_status": to,
        "data": {"valid": complaint.valid_count, "urls": complaint.url_count},
    }
    count = len(rows["target_ids"])
    return {
        name: _per_row(rows[name], count) + _per_row(value, 1) for name, value in decision.items()
    }


def _per_row(value, count: int) -> list:
    return [value] * count if isinstance(value, str | dict) else list(value)


def _tell_complainant(complaint: Complaint, template: str, context: dict) -> None:
    """The complainant is told in the portal and by email; a DMCA notifier has no account, so
    its email carries each URL's result (it cannot open the complaint page)."""
    link = reverse("complaints:detail", args=[complaint.pk])
    if complaint.complainant_id:
        notify_user(complaint.complainant, template, context, link=link)
    elif hasattr(complaint, "dmca"):
        email_after_commit(
            template,
            [complaint.dmca.notifier_email],
            {
                **context,
                "email": complaint.dmca.notifier_email,
                "link": "",
                "urls": _url_results(complaint),
            },
            language=complaint.dmca.language,
        )


def _url_results(complaint: Complaint) -> list[dict]:
    rows = complaint.items.order_by("line").values_list("line", "url", "status", "error_message")
    return [
        {"line": line, "url": url, "status": ItemStatus(status).label, "error": error}
        for line, url, status, error in rows[:200]
    ]


_withdrawal_hooks: list[Callable] = []


def on_withdrawal(hook: Callable) -> Callable:
    """Register `hook(complaint, actor)`, run inside the withdrawal's transaction (the reviews
    app closes its counter-notices and answer windows this way)."""
    if hook not in _withdrawal_hooks:
        _withdrawal_hooks.append(hook)
    return hook


@transaction.atomic
def withdraw_complaint(*, complaint: Complaint, actor: User) -> Complaint:
    """Withdraw at any point before the final decision: undecided URLs are withdrawn and listings
    taken down because of the complaint are restored (URLs already final stay as they are)."""
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.complainant_id != actor.pk:
        raise DomainError(_("Only the complainant can withdraw this complaint."), code="forbidden")
    before = complaint.status
    check_transition(complaint, ComplaintStatus.WITHDRAWN)
    complaint.status = ComplaintStatus.WITHDRAWN
    complaint.closed_at = timezone.now()
    complaint.save(update_fields=["status", "closed_at"])
    audit.record(
        action=ComplaintAction.WITHDRAWN,
        target=complaint,
        actor=actor,
        from_status=before,
        to_status=complaint.status,
    )
    _withdraw_items(complaint, actor)
    for hook in _withdrawal_hooks:
        hook(complaint, actor)
    return complaint


def _withdraw_items(complaint: Complaint, actor: User) -> None:
    items = (
        complaint.items.select_for_update(of=("self",))
        .filter(status__in=[ItemStatus.VALID, ItemStatus.ACCEPTED])
        .select_related("catalogue_listing")
    )
    now = timezone.now()
    for item in items:
        before = item.status
        check_transition(item, ItemStatus.WITHDRAWN)
        if before == ItemStatus.ACCEPTED:
            item.outcome = ItemOutcome.COMPLAINT_WITHDRAWN
            listing = item.catalogue_listing  # select_related above: no query
            if listing is not None:
                connector.restore_listing(listing, actor=actor, reason="complaint withdrawn")
        item.status, item.closed_at = ItemStatus.WITHDRAWN, now
        item.save(update_fields=["status", "outcome", "closed_at"])
        audit.record(
            action=ComplaintAction.URL_WITHDRAWN,
            target=item,
            actor=actor,
            from_status=before,
            to_status=item.status,
            data={"complaint": complaint.pk, "line": item.line},
        )


# --- DMCA notices from the public form --------------------------------------------------------
@dataclass
class DmcaInput:
    platform: str
    reason: str
    urls: str
    notifier_name: str
    notifier_email: str
    notifier_phone: str
    notifier_address: str
    rights_owner_name: str
    work_description: str
    signature: str
    good_faith_statement: bool
    accuracy_statement: bool


def file_dmca_notice(
    *, data: DmcaInput, ip_address: str | None = None, language: str = ""
) -> Complaint:
    """An unregistered notifier's DMCA notice: every 512(c)(3) element required, at most 10
    URLs checked like any complaint's; it enters the same queue, marked as such. `language`: the
    form's (request.LANGUAGE_CODE), the one the notifier's emails are written in."""
    if not (data.good_faith_statement and data.accuracy_statement):
        raise DomainError(
            _("Both statements are required for a DMCA-compliant notice."),
            code="statements_required",
            field="accuracy_statement",
        )
    if data.signature.strip().casefold() != data.notifier_name.strip().casefold():
        raise DomainError(
            _("Type your full name exactly as above as your electronic signature."),
            code="signature_mismatch",
            field="signature",
        )
    if data.reason not in COPYRIGHT_DMCA_REASONS:
        raise DomainError(_("Choose one of the copyright reasons."), code="reason", field="reason")
    results = check_urls(data.urls, platform=data.platform, max_urls=DMCA_MAX_URLS)
    if not results:
        raise DomainError(_("Paste at least one listing URL."), code="no_urls", field="urls")
    if any(r.error for r in results):
        raise LineErrors(results)
    with transaction.atomic():
        complaint = Complaint.objects.create(
            platform=data.platform,
            reason=data.reason,
            source=ComplaintSource.DMCA_FORM,
            description=data.work_description[:5000],
        )
        results = check_urls(data.urls, platform=data.platform)
        _create_items(complaint, results)
        complaint.url_count = len(results)
        check_transition(complaint, ComplaintStatus.VALIDATING)
        complaint.status = ComplaintStatus.VALIDATING
        complaint.submitted_at = timezone.now()
        complaint.save(update_fields=["url_count", "status", "submitted_at"])
        DmcaNotice.objects.create(
            complaint=complaint,
            notifier_name=data.notifier_name.strip(),
            notifier_email=data.notifier_email.strip().lower(),
            notifier_phone=data.notifier_phone.strip(),
            notifier_address=data.notifier_address.strip(),
            rights_owner_name=data.rights_owner_name.strip(),
            work_description=data.work_description.strip(),
            signature=data.signature.strip(),
            good_faith_statement=True,
            accuracy_statement=True,
            ip_address=ip_address,
            language=languages.supported(language),
        )
        audit.record(
            action=ComplaintAction.DMCA_RECEIVED,
            target=complaint,
            from_status=ComplaintStatus.DRAFT,
            to_status=complaint.status,
            ip_address=ip_address,
            data={"notifier": data.notifier_email},
        )
        _queue_validation(complaint)
    return complaint
