"""Reversing a rejection: an appeal by the complainant against a rejected URL was granted by a
second reviewer (appeals app). The URL becomes accepted and everything an acceptance does follows,
through the same code as a reviewer's acceptance (`bulk._take_down`): the listing is taken down,
the seller's counter-notice window opens and the seller gets the takedown notice (with the
complainant's name and contact email only). A closed complaint is reopened (processed).

Lock order as everywhere in the review services: the complaint, then the item."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import require_reviewer
from complaints.models import ComplaintItem, ComplaintStatus, ItemStatus
from core import audit
from core.errors import TransitionError
from core.workflow import check_transition

from ..audit_actions import ReviewAction
from .bulk import ITEM_FIELDS, _take_down
from .common import clean_text, lock_complaint_and_item
from .decisions import _move_complaint, _url_reason


@transaction.atomic
def take_down_on_appeal(
    *, item: ComplaintItem, actor: User, note: str, appeal_id: int
) -> ComplaintItem:
    """rejected -> accepted, by the reviewer who granted appeal `appeal_id` (never the one who
    rejected it: the appeals service checks). `note` (the appeal's answer) goes to the seller."""
    require_reviewer(actor)
    note = clean_text(note, field="answer", limit=2000, required=True)
    complaint, item = lock_complaint_and_item(item)
    if complaint.status == ComplaintStatus.WITHDRAWN:
        raise TransitionError(
            _("The complaint was withdrawn: its URLs can no longer be taken down."),
            code="complaint_withdrawn",
        )
    if item.status != ItemStatus.REJECTED:
        raise TransitionError(
            _("URL %(n)d is no longer rejected: the appeal cannot reverse it.") % {"n": item.line},
            code="not_rejected",
        )
    check_transition(item, ItemStatus.ACCEPTED)
    item.status, item.rejection_reason, item.decision_note = ItemStatus.ACCEPTED, "", note
    item.decided_by, item.decided_at, item.closed_at = actor, timezone.now(), None
    item.decided_on_appeal = True
    item.save(update_fields=[*ITEM_FIELDS, "closed_at", "decided_on_appeal"])
    audit.record(
        action=ReviewAction.URL_ACCEPTED,
        target=item,
        actor=actor,
        from_status=ItemStatus.REJECTED,
        to_status=ItemStatus.ACCEPTED,
        reason=_url_reason(item, "", note),
        data={"complaint": complaint.pk, "line": item.line, "appeal": appeal_id},
    )
    if complaint.status == ComplaintStatus.CLOSED:
        _move_complaint(complaint, ComplaintStatus.PROCESSED, actor, appeal=appeal_id)
    item = (
        ComplaintItem.objects.select_related("catalogue_listing", "seller__account", "complaint")
        .filter(pk=item.pk)
        .get()
    )
    _take_down(complaint, [item], actor, note)
    return item
