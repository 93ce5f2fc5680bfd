"""Deciding many URLs of one complaint at once, and undoing a takedown within the undo window.

`decide_items` is `accept_item` / `reject_item` for a selection: the same rules (the complaint
must be decidable and not claimed by another reviewer, every URL must be `valid`, a rejection
needs one of the FAQ's reasons, "other" needs a note), in one transaction whose number of
queries does not grow with the number of URLs:

- locks, in the documented order: the complaint, then the selected items (by primary key), then
  (accept, in-database catalogue) their listings;
- one UPDATE for the items (`core.bulk.update_from_values`), one INSERT of their audit rows
  (`core.audit.record_many`), one INSERT of the counter-notice windows with one of theirs;
- the listings taken down with one UPDATE (the portal's own catalogue) or one outbox message
  for all of them (a remote marketplace, `reviews.tasks.apply_takedowns`);
- ONE notification (and email) per seller account for the whole batch, and the complaint moved
  on (`_advance`: the complainant is told once, when no URL waits any more).

Undo. The takedown happens at once (the listing goes off sale when the reviewer accepts). For
`REVIEW_DECISIONS["undo_minutes"]` (reviews/policy.py) the reviewer who accepted a URL may undo
it: the URL goes back to `valid` (undecided), its counter-notice window is cancelled, the listing
is restored (in the undo's transaction for the portal's catalogue; through the outbox for a
remote marketplace, whose task re-reads the item, so a takedown still queued when the undo
commits does nothing) and the seller is told. Nothing irreversible has happened by then: no
counter-notice can have been answered (undo is refused once one exists), and points are only
recorded when a takedown becomes final days later.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require_reviewer
from catalogue import connector
from catalogue.audit_actions import CatalogueAction
from catalogue.models import Listing, ListingStatus
from complaints.models import (
    Complaint,
    ComplaintItem,
    ComplaintStatus,
    ItemRejectionReason,
    ItemStatus,
)
from complaints.visibility import complainant_contact
from core import audit, outbox
from core.bulk import update_from_values
from core.errors import DomainError, TransitionError
from core.notify import notify_user
from core.workflow import bulk_transition, check_transition

from ..audit_actions import ReviewAction
from ..models import DeadlineKind, DeadlineStatus
from ..policy import decision_policy, undo_window
from . import windows
from .common import (
    clean_text,
    item_context,
    lock_complaint_and_item,
    reason_label,
    tell_seller,
)
from .decisions import _advance, _check_decidable, _move_complaint, _url_reason

ACCEPT, REJECT = "accept", "reject"
DECISIONS = {ACCEPT: ItemStatus.ACCEPTED, REJECT: ItemStatus.REJECTED}
ITEM_FIELDS = ["status", "rejection_reason", "decision_note", "decided_by", "decided_at"]


@dataclass
class BatchDecision:
    complaint: Complaint
    decision: str
    items: list[ComplaintItem]
    undo_until: datetime | None

    @property
    def decided_count(self) -> int:
        return len(self.items)


def undo_deadline(item: ComplaintItem) -> datetime | None:
    """Until when the takedown of an accepted URL may be undone (None: not an accepted URL, or
    one accepted by a granted appeal: that answer is final, and a counter-notice remains the
    seller's way back)."""
    if item.status != ItemStatus.ACCEPTED or item.decided_at is None or item.decided_on_appeal:
        return None
    return item.decided_at + undo_window()


def _checked_input(decision: str, item_ids: Sequence[int], reason: str, note: str) -> list[int]:
    if decision not in DECISIONS:
        raise DomainError(_("Choose accept or reject."), code="decision", field="decision")
    ids = sorted({int(pk) for pk in item_ids})
    if not ids:
        raise DomainError(_("Select at least one URL."), code="empty_selection", field="item_ids")
    if len(ids) > decision_policy().max_batch:
        raise DomainError(
            _("Select at most %(n)d URLs at once.") % {"n": decision_policy().max_batch},
            code="too_many",
            field="item_ids",
        )
    if decision == REJECT and reason not in ItemRejectionReason.values:
        raise DomainError(
            _("Choose a reason for rejecting these URLs."), code="reason", field="reason"
        )
    if decision == ACCEPT and reason:
        raise DomainError(_("Accepting takes no reason."), code="reason", field="reason")
    return ids


def _lock_items(complaint: Complaint, ids: list[int]) -> list[ComplaintItem]:
    items = list(
        ComplaintItem.objects.select_for_update(of=("self",))
        .select_related("catalogue_listing", "seller__account")
        .filter(complaint=complaint, pk__in=ids)
        .order_by("pk")
    )
    if len(items) != len(ids):
        raise DomainError(
            _("Some selected URLs are not part of this complaint."), code="not_in_complaint"
        )
    stale = [item.line for item in items if item.status != ItemStatus.VALID]
    if stale:
        raise TransitionError(
            _("URL %(lines)s was already decided; reload the page and select again.")
            % {"lines": ", ".join(str(n) for n in sorted(stale)[:10])},
            code="already_decided",
        )
    return items


@transaction.atomic
def decide_items(
    *,
    complaint: Complaint,
    item_ids: Sequence[int],
    decision: str,
    actor: User,
    reason: str = "",
    note: str = "",
) -> BatchDecision:
    """Accept or reject the selected `valid` URLs of one complaint with one reason and note, all
    or nothing (a URL decided meanwhile by someone else refuses the whole batch: 409)."""
    require_reviewer(actor)
    ids = _checked_input(decision, item_ids, reason, note)
    note = clean_text(note, field="note", limit=2000, required=reason == ItemRejectionReason.OTHER)
    complaint = Complaint.objects.select_for_update().get(pk=complaint.pk)
    _check_decidable(complaint, actor)
    items = _lock_items(complaint, ids)
    to = DECISIONS[decision]
    _write_decisions(items, to, actor, reason=reason, note=note)
    if to == ItemStatus.ACCEPTED:
        _take_down(complaint, items, actor, note)
    _advance(complaint, actor)
    return BatchDecision(
        complaint=complaint,
        decision=decision,
        items=items,
        undo_until=undo_deadline(items[0]) if to == ItemStatus.ACCEPTED else None,
    )


def _write_decisions(
    items: list[ComplaintItem], to: str, actor: User, *, reason: str, note: str
) -> None:
    now = timezone.now()
    for item in items:
        check_transition(item, to)
        item.status, item.rejection_reason, item.decision_note = to, reason, note
        item.decided_by, item.decided_at = actor, now
        if to == ItemStatus.REJECTED:
            item.closed_at = now
    fields = [*ITEM_FIELDS, "closed_at"] if to == ItemStatus.REJECTED else ITEM_FIELDS
    update_from_values(ComplaintItem, items, fields)
    audit.record_many(
        target_type=ComplaintItem._meta.label_lower,
        target_ids=[item.pk for item in items],
        action=ReviewAction.for_item(to),
        actor=actor,
        from_status=ItemStatus.VALID,
        to_status=to,
        reason=[_url_reason(item, reason, note) for item in items],
        data=[
            {"complaint": item.complaint_id, "line": item.line, "reason": reason, "batch": True}
            for item in items
        ],
    )


def _take_down(complaint: Complaint, items: list[ComplaintItem], actor: User, note: str) -> None:
    listings = [item.catalogue_listing_id for item in items if item.catalogue_listing_id]
    if listings and connector.get_connector().in_database:
        # The portal's own catalogue: one locked, checked, audited UPDATE (already down: kept).
        bulk_transition(
            Listing.objects.filter(pk__in=listings).exclude(status=ListingStatus.TAKEN_DOWN),
            to_status=ListingStatus.TAKEN_DOWN,
            action=CatalogueAction.LISTING_TAKEN_DOWN,
            actor=actor,
            reason=f"complaint #{complaint.pk}",
            updated_at=timezone.now(),
        )
    elif listings:
        outbox.enqueue(
            "reviews.tasks.apply_takedowns", item_ids=[i.pk for i in items], actor_id=actor.pk
        )
    deadlines = windows.open_deadlines(
        items=items, kind=DeadlineKind.SELLER_COUNTER_NOTICE, platform=complaint.platform
    )
    _tell_sellers(complaint, items, note, due=f"{deadlines[0].due_at:%Y-%m-%d %H:%M} UTC")


def _tell_sellers(complaint: Complaint, items: list[ComplaintItem], note: str, due: str) -> None:
    """One takedown notice per seller account, listing every URL of the batch in its stores."""
    by_account: dict[int, list[ComplaintItem]] = defaultdict(list)
    accounts: dict[int, User] = {}
    for item in items:
        account = item.seller.account if item.seller is not None else None
        if account is not None:
            by_account[account.pk].append(item)
            accounts[account.pk] = account
    if not by_account:
        return
    contact = complainant_contact(complaint)
    for pk, own in by_account.items():
        notify_user(
            accounts[pk],
            "takedown_notice_batch",
            {
                "complaint_id": complaint.pk,
                "items": [_listing_line(item) for item in own],
                "reason": reason_label(complaint),
                "ipr": str(complaint.ipr) if complaint.ipr_id else "",
                "complainant_name": contact["name"],
                "complainant_email": contact["email"],
                "note": note,
                "due_at": due,
                "dmca": complaint.is_dmca,
            },
            link="/review/seller/",
        )


def _listing_line(item: ComplaintItem) -> dict:
    listing = item.catalogue_listing
    return {
        "url": item.url,
        "listing_id": item.listing_id,
        "listing_title": listing.title if listing else item.listing_id,
        "store": item.seller.store_name if item.seller is not None else "",
    }


# --- undo --------------------------------------------------------------------------------------
def _check_undoable(complaint: Complaint, item: ComplaintItem, actor: User) -> None:
    if item.status != ItemStatus.ACCEPTED:
        raise TransitionError(_("Only an accepted URL can be undone."), code="not_accepted")
    if item.decided_by_id != actor.pk:
        raise TransitionError(
            _("Only the reviewer who accepted this URL can undo it."), code="not_decider"
        )
    if item.decided_on_appeal:
        raise TransitionError(
            _("This takedown was decided on appeal; a counter-notice can still restore it."),
            code="appeal_decision",
        )
    until = undo_deadline(item)
    if until is None or timezone.now() > until:
        raise TransitionError(
            _("The undo window has passed; a counter-notice or a reversal can still restore it."),
            code="undo_expired",
        )
    if item.counter_notices.exists():
        raise TransitionError(
            _("The seller has already sent a counter-notice."), code="counter_notice_sent"
        )
    if complaint.status not in (ComplaintStatus.IN_REVIEW, ComplaintStatus.PROCESSED):
        raise TransitionError(_("This complaint can no longer be changed."))


@transaction.atomic
def undo_takedown(*, item: ComplaintItem, actor: User) -> ComplaintItem:
    """Undo an acceptance within the undo window: the URL awaits a decision again."""
    require_reviewer(actor)
    complaint, item = lock_complaint_and_item(item)
    _check_undoable(complaint, item, actor)
    before = item.status
    check_transition(item, ItemStatus.VALID)
    item.status, item.decision_note = ItemStatus.VALID, ""
    item.decided_by, item.decided_at = None, None
    item.save(update_fields=ITEM_FIELDS)
    windows.close_deadlines(item=item, status=DeadlineStatus.CANCELLED)
    _restore_listing(item, actor)
    audit.record(
        action=ReviewAction.URL_UNDONE,
        target=item,
        actor=actor,
        from_status=before,
        to_status=ItemStatus.VALID,
        reason=_url_reason(item, "", ""),
        data={"complaint": complaint.pk, "line": item.line},
    )
    context = {**item_context(item), "outcome": _("The reviewer undid the takedown.")}
    tell_seller(item, "listing_restored", context)
    if complaint.status == ComplaintStatus.PROCESSED:
        _move_complaint(complaint, ComplaintStatus.IN_REVIEW, actor, undone=item.pk)
    item.complaint = complaint  # the locked row, with its new status
    return item


def _restore_listing(item: ComplaintItem, actor: User) -> None:
    """Put the listing back unless another complaint's takedown still holds it."""
    listing = item.catalogue_listing
    if listing is None:
        return
    held = (
        ComplaintItem.objects.filter(
            catalogue_listing=listing, status__in=(ItemStatus.ACCEPTED, ItemStatus.UPHELD)
        )
        .exclude(pk=item.pk)
        .exists()
    )
    if held:
        return
    if connector.get_connector().in_database:
        connector.restore_listing(
            listing, actor=actor, reason=f"undo, complaint #{item.complaint_id}"
        )
    else:
        outbox.enqueue("reviews.tasks.apply_restores", item_ids=[item.pk], actor_id=actor.pk)
