"""Complaint filing: drafts, submission, batch validation by a worker, withdrawal, DMCA notices.

Invariants: the URL paste is checked line by line with `urlcheck.check_urls` (pure) whenever it is
saved; a complaint is submitted only when every line passes; the worker then checks the whole
batch against the marketplace in a fixed number of chunks (bounded queries whatever the count)
and is idempotent: it only touches items still pending and only a complaint still validating."""

import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import filing_block_reason
from catalogue import connector
from catalogue.connector import get_connector
from catalogue.models import ListingStatus
from catalogue.urlcheck import check_urls
from core import audit, locks, outbox
from core.documents import attach, check_count
from core.errors import DomainError
from core.models import Document
from core.notify import email_after_commit, notify_user
from core.workflow import audit_moves, check_transition
from ipr.models import IPR
from ipr.selectors import authenticated_iprs_for

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
)
from .reasons import COPYRIGHT_DMCA_REASONS, reasons_for

VALIDATION_CHUNKS = 4
DMCA_MAX_URLS = 10


@dataclass
class ComplaintInput:
    platform: str
    ipr: IPR | None
    reason: str
    urls: str
    description: str = ""
    evidence: list[Document] = field(default_factory=list)


def _check_choice(complainant: User, data: ComplaintInput) -> None:
    if data.ipr is None or not authenticated_iprs_for(complainant).filter(pk=data.ipr.pk).exists():
        raise DomainError(
            _(
                "Choose one of your authenticated IPRs; withdrawn, expired and "
                "pending rights cannot back a complaint."
            ),
            code="ipr_unavailable",
            field="ipr",
        )
    if data.reason not in reasons_for(data.ipr):
        raise DomainError(
            _("This reason does not fit the chosen right; pick one of the reasons listed for it."),
            code="reason_mismatch",
            field="reason",
        )


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


def _replace_items(complaint: Complaint, text: str) -> list:
    results = check_urls(text, platform=complaint.platform)
    complaint.items.all().delete()
    ComplaintItem.objects.bulk_create(
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
        ]
    )
    complaint.url_count = len(results)
    return results


@transaction.atomic
def save_draft(
    *,
    complainant,
    data: ComplaintInput,
    complaint: Complaint | None = None,
    source: str = ComplaintSource.PORTAL,
) -> tuple[Complaint, list]:
    """Create or update a draft; every URL line is checked and its result kept with it."""
    block = filing_block_reason(complainant)
    if block:
        raise DomainError(block, code="cannot_file")
    _check_choice(complainant, data)
    _check_text(data)
    if complaint is None:
        complaint = Complaint(complainant=complainant, source=source)
    elif complaint.status != ComplaintStatus.DRAFT:
        raise DomainError(_("Only a draft can be edited."), code="not_draft")
    complaint.platform, complaint.ipr, complaint.reason = data.platform, data.ipr, data.reason
    complaint.description = data.description.strip()
    complaint.save()
    results = _replace_items(complaint, data.urls)
    complaint.save(update_fields=["url_count"])
    complaint.evidence.set(data.evidence)
    attach(data.evidence)
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
    if complaint.ipr_id and not authenticated_iprs_for(actor).filter(pk=complaint.ipr_id).exists():
        raise DomainError(
            _("The chosen IPR can no longer back a complaint."), code="ipr_unavailable", field="ipr"
        )
    complaint.status = ComplaintStatus.VALIDATING
    complaint.submitted_at = timezone.now()
    complaint.processed_count = 0
    complaint.save(update_fields=["status", "submitted_at", "processed_count"])
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
    """Save and submit in one step (API and the form's Submit button)."""
    with transaction.atomic():
        complaint, results = save_draft(complainant=complainant, data=data, source=source)
        bad = [r for r in results if r.error]
        if bad:
            raise LineErrors(results)
        return submit_complaint(complaint=complaint, actor=complainant)


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
    """Check every pending URL against the marketplace in at most VALIDATION_CHUNKS batches, each
    committed on its own so the page can show progress. Idempotent."""
    complaint = Complaint.objects.filter(pk=complaint_id).first()
    if complaint is None or complaint.status != ComplaintStatus.VALIDATING:
        return complaint
    pending = list(complaint.items.filter(status=ItemStatus.PENDING).order_by("line"))
    size = max(1, math.ceil(len(pending) / VALIDATION_CHUNKS))
    for start in range(0, len(pending), size):
        _validate_chunk(complaint, pending[start : start + size])
    return _finish_validation(complaint)


@transaction.atomic
def _validate_chunk(complaint: Complaint, items: list) -> None:
    ids = [i.listing_id for i in items]
    listings = get_connector().lookup_listings(complaint.platform, ids)
    already = set()
    if complaint.complainant_id:
        # Two validations of one owner's complaints (a double submit) must not both accept a
        # listing: the check below and the writes after it run under this owner's lock.
        locks.hold(f"complaint-validation:{complaint.complainant_id}:{complaint.platform}")
        already = set(
            ComplaintItem.objects.filter(
                complaint__complainant_id=complaint.complainant_id,
                complaint__status__in=OPEN_COMPLAINT_STATUSES,
                platform=complaint.platform,
                listing_id__in=ids,
                status=ItemStatus.VALID,
            )
            .exclude(complaint=complaint)
            .values_list("listing_id", flat=True)
        )
    now = timezone.now()
    for item in items:
        listing = listings.get(item.listing_id)
        item.checked_at = now
        if listing is None:
            item.status, item.error_code = ItemStatus.INVALID, "unknown_listing"
            item.error_message = _("No such listing was found on the platform.")
        elif listing.status == ListingStatus.TAKEN_DOWN:
            item.status, item.error_code = ItemStatus.INVALID, "not_live"
            item.error_message = _("This listing is no longer online.")
        elif item.listing_id in already:
            item.status, item.error_code = ItemStatus.FLAGGED, "already_complained"
            item.error_message = _(
                "This listing is already under another open complaint of "
                "yours; it was not filed twice."
            )
        else:
            item.status = ItemStatus.VALID
        if listing is not None:
            item.catalogue_listing, item.seller_id = listing, listing.seller_id
    audit_moves(
        items,
        from_status=ItemStatus.PENDING,
        action_prefix="url",
        data=lambda item: {"complaint": complaint.pk, "line": item.line, "error": item.error_code},
    )
    ComplaintItem.objects.bulk_update(
        items,
        ["status", "error_code", "error_message", "catalogue_listing", "seller", "checked_at"],
    )
    Complaint.objects.filter(pk=complaint.pk).update(
        processed_count=complaint.items.exclude(status=ItemStatus.PENDING).count()
    )


@transaction.atomic
def _finish_validation(complaint: Complaint) -> Complaint:
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if complaint.status != ComplaintStatus.VALIDATING:
        return complaint
    valid = complaint.items.filter(status=ItemStatus.VALID).count()
    to = ComplaintStatus.SUBMITTED if valid else ComplaintStatus.INVALID
    check_transition(complaint, to)
    complaint.status, complaint.valid_count = to, valid
    complaint.processed_count = complaint.url_count
    complaint.validated_at = timezone.now()
    fields = ["status", "valid_count", "processed_count", "validated_at"]
    if to == ComplaintStatus.INVALID:
        complaint.closed_at = complaint.validated_at
        fields.append("closed_at")
    complaint.save(update_fields=fields)
    audit.record(
        action=ComplaintAction.VALIDATED,
        target=complaint,
        from_status=ComplaintStatus.VALIDATING,
        to_status=to,
        data={"valid": valid, "urls": complaint.url_count},
    )
    _tell_complainant(
        complaint,
        "complaint_validated",
        {
            "complaint_id": complaint.pk,
            "valid": valid,
            "total": complaint.url_count,
            "invalid": to == ComplaintStatus.INVALID,
        },
    )
    return complaint


def _tell_complainant(complaint: Complaint, template: str, context: dict) -> None:
    link = f"/complaints/{complaint.pk}/"
    if complaint.complainant_id:
        notify_user(complaint.complainant, template, context, link=link)
    elif hasattr(complaint, "dmca"):
        email_after_commit(
            template,
            [complaint.dmca.notifier_email],
            {**context, "email": complaint.dmca.notifier_email, "link": ""},
        )


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


def file_dmca_notice(*, data: DmcaInput, ip_address: str | None = None) -> Complaint:
    """An unregistered notifier's DMCA notice: every 512(c)(3) element required, at most 10
    URLs checked like any complaint's; it enters the same queue, marked as such."""
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
        _replace_items(complaint, data.urls)
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
