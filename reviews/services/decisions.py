"""Reviewers decide each complained URL; accepted URLs are taken down and the seller invited to
counter-notify; final outcomes uphold the takedown (points) or restore the listing.

Every service locks the complaint and then the item, checks the move against the TRANSITIONS
maps, saves with update_fields, writes an audit row and notifies after commit. Two reviewers
deciding one URL at once: the second waits for the lock, then fails the transition check."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require_reviewer
from catalogue import connector
from complaints.models import (
    Complaint,
    ComplaintItem,
    ComplaintStatus,
    ItemOutcome,
    ItemRejectionReason,
    ItemStatus,
)
from complaints.visibility import complainant_contact
from core import audit, claims
from core.errors import DomainError, TransitionError
from core.workflow import check_transition

from ..audit_actions import ReviewAction
from ..models import DeadlineKind, DeadlineStatus
from . import penalties, windows
from .common import (
    clean_text,
    item_context,
    lock_complaint_and_item,
    tell_complainant,
    tell_seller,
)

COMPLAINT_QUEUE = "complaints"
DECIDABLE = (ComplaintStatus.SUBMITTED, ComplaintStatus.IN_REVIEW)
OPEN_ITEM = (ItemStatus.VALID, ItemStatus.ACCEPTED)


def _check_decidable(complaint: Complaint, actor: User) -> None:
    if complaint.status not in DECIDABLE:
        raise TransitionError(
            _("This complaint is %(status)s; its URLs can no longer be decided.")
            % {"status": complaint.get_status_display().lower()}
        )
    holder = claims.holder_of(COMPLAINT_QUEUE, complaint)
    if holder is not None and holder.pk != actor.pk:
        raise TransitionError(
            _("Another reviewer is working on this complaint."), code="claimed_by_other"
        )


def _url_reason(item: ComplaintItem, reason: str, note: str) -> str:
    text = str(ItemRejectionReason(reason).label) if reason else ""
    text = f"{text}: {note}" if text and note else (text or note)
    prefix = _("URL %(n)d") % {"n": item.line}
    return f"{prefix}. {text}" if text else prefix


def _decide(item: ComplaintItem, actor: User, to: str, *, reason: str = "", note: str = "") -> None:
    before = item.status
    if before != ItemStatus.VALID:  # rejected -> accepted is an appeal's move (reversals.py)
        raise TransitionError(
            _("URL %(n)d was already decided.") % {"n": item.line}, code="already_decided"
        )
    check_transition(item, to)
    item.status, item.rejection_reason, item.decision_note = to, reason, note
    item.decided_by, item.decided_at = actor, timezone.now()
    fields = ["status", "rejection_reason", "decision_note", "decided_by", "decided_at"]
    if to == ItemStatus.REJECTED:
        item.closed_at = item.decided_at
        fields.append("closed_at")
    item.save(update_fields=fields)
    audit.record(
        action=ReviewAction.for_item(to),
        target=item,
        actor=actor,
        from_status=before,
        to_status=to,
        reason=_url_reason(item, reason, note),
        data={"complaint": item.complaint_id, "line": item.line, "reason": reason},
    )


@transaction.atomic
def accept_item(*, item: ComplaintItem, actor: User, note: str = "") -> ComplaintItem:
    """Accept one URL: take the listing down, open the seller's counter-notice window, tell the
    seller (with the complainant's name and contact email only)."""
    require_reviewer(actor)
    note = clean_text(note, field="note", limit=2000)
    complaint, item = lock_complaint_and_item(item)
    _check_decidable(complaint, actor)
    _decide(item, actor, ItemStatus.ACCEPTED, note=note)
    if item.catalogue_listing is not None:
        connector.take_down_listing(
            item.catalogue_listing, actor=actor, reason=f"complaint #{complaint.pk}"
        )
    deadline = windows.open_deadline(item=item, kind=DeadlineKind.SELLER_COUNTER_NOTICE)
    contact = complainant_contact(complaint)
    tell_seller(
        item,
        "takedown_notice",
        {
            **item_context(item),
            "complainant_name": contact["name"],
            "complainant_email": contact["email"],
            "note": note,
            "due_at": deadline.due_at.strftime("%Y-%m-%d %H:%M UTC"),
            "dmca": complaint.is_dmca,
        },
    )
    _advance(complaint, actor)
    return item


@transaction.atomic
def reject_item(*, item: ComplaintItem, actor: User, reason: str, note: str = "") -> ComplaintItem:
    require_reviewer(actor)
    if reason not in ItemRejectionReason.values:
        raise DomainError(
            _("Choose a reason for rejecting this URL."), code="reason", field="reason"
        )
    note = clean_text(note, field="note", limit=2000, required=reason == ItemRejectionReason.OTHER)
    complaint, item = lock_complaint_and_item(item)
    _check_decidable(complaint, actor)
    _decide(item, actor, ItemStatus.REJECTED, reason=reason, note=note)
    _advance(complaint, actor)
    return item


def _move_complaint(complaint: Complaint, to: str, actor: User | None, **data: object) -> None:
    before = complaint.status
    check_transition(complaint, to)
    complaint.status = to
    fields = ["status"]
    if to == ComplaintStatus.CLOSED:
        complaint.closed_at = timezone.now()
        fields.append("closed_at")
    complaint.save(update_fields=fields)
    audit.record(
        action=ReviewAction.for_complaint(to),
        target=complaint,
        actor=actor,
        from_status=before,
        to_status=to,
        data=data,
    )


def _advance(complaint: Complaint, actor: User | None) -> None:
    """submitted -> in_review on the first decision; -> processed when no URL waits for a
    decision (the complainant is told each URL's decision); -> closed when all are final."""
    if complaint.status == ComplaintStatus.SUBMITTED:
        _move_complaint(complaint, ComplaintStatus.IN_REVIEW, actor)
    items = list(
        complaint.items.values_list("status", "line", "rejection_reason", "url", "decision_note")
    )
    if any(status == ItemStatus.VALID for status, *_rest in items):
        return
    _move_complaint(complaint, ComplaintStatus.PROCESSED, actor)
    if actor is not None:
        claims.release(queue_name=COMPLAINT_QUEUE, item=complaint, reviewer=actor)
    decided = [
        {
            "line": line,
            "url": url,
            # Lazy labels: core.notify writes them in the complainant's language.
            "status": ItemStatus(status).label,
            "reason": ItemRejectionReason(reason).label if reason else "",
            "note": note,
        }
        for status, line, reason, url, note in items
        if status in (ItemStatus.ACCEPTED, ItemStatus.REJECTED)
    ]
    accepted = sum(1 for status, *_rest in items if status == ItemStatus.ACCEPTED)
    tell_complainant(
        complaint,
        "complaint_processed",
        {
            "complaint_id": complaint.pk,
            "items": decided,
            "accepted": accepted,
            "total": len(decided),
        },
    )
    close_if_final(complaint)


def close_if_final(complaint: Complaint) -> None:
    if complaint.status != ComplaintStatus.PROCESSED:
        return
    if not complaint.items.filter(status__in=OPEN_ITEM).exists():
        _move_complaint(complaint, ComplaintStatus.CLOSED, None)


def _finish(item: ComplaintItem, to: str, outcome: str, actor: User | None) -> None:
    before = item.status
    check_transition(item, to)
    item.status, item.outcome, item.closed_at = to, outcome, timezone.now()
    item.save(update_fields=["status", "outcome", "closed_at"])
    audit.record(
        action=ReviewAction.for_item(to),
        target=item,
        actor=actor,
        from_status=before,
        to_status=to,
        reason=_url_reason(item, "", str(ItemOutcome(outcome).label)),
        data={"complaint": item.complaint_id, "outcome": outcome},
    )


def uphold_item(*, item: ComplaintItem, actor: User | None, outcome: str) -> ComplaintItem:
    """The takedown becomes final: penalty points are recorded. Called inside a transaction by
    the deadline and counter-notice services."""
    complaint, item = lock_complaint_and_item(item)
    _finish(item, ItemStatus.UPHELD, outcome, actor)
    entry = penalties.record_upheld(item=item)
    context = {**item_context(item), "outcome": ItemOutcome(outcome).label}
    tell_seller(item, "takedown_final", {**context, "points": entry.points if entry else 0})
    tell_complainant(complaint, "takedown_final", context)
    close_if_final(complaint)
    return item


def restore_item(*, item: ComplaintItem, actor: User | None, outcome: str) -> ComplaintItem:
    """Put the listing back (accepted or, when a decision is reversed, upheld URLs)."""
    complaint, item = lock_complaint_and_item(item)
    was_upheld = item.status == ItemStatus.UPHELD
    _finish(item, ItemStatus.RESTORED, outcome, actor)
    # A later counter-notice chance still open (a reversal or an appeal restored the listing)
    # is no longer needed.
    windows.close_deadlines(item=item, status=DeadlineStatus.CANCELLED)
    if item.catalogue_listing is not None:
        connector.restore_listing(item.catalogue_listing, actor=actor, reason=outcome)
    if was_upheld:
        penalties.reverse_for_item(item=item, actor=actor)
    context = {**item_context(item), "outcome": ItemOutcome(outcome).label}
    tell_seller(item, "listing_restored", context)
    tell_complainant(complaint, "listing_restored", context)
    close_if_final(complaint)
    return item


@transaction.atomic
def reverse_takedown(*, item: ComplaintItem, actor: User, note: str) -> ComplaintItem:
    """A reviewer reverses a final takedown: the listing is restored and its points voided."""
    require_reviewer(actor)
    note = clean_text(note, field="note", limit=2000, required=True)
    if item.status != ItemStatus.UPHELD:
        raise TransitionError(_("Only a final takedown can be reversed."))
    restore_item(item=item, actor=actor, outcome=ItemOutcome.DECISION_REVERSED)
    audit.record(action=ReviewAction.URL_REVERSAL_NOTE, target=item, actor=actor, reason=note)
    item.refresh_from_db()
    return item
