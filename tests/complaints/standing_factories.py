"""Factories for a rights owner's record of decided URLs (complaints.standing): complaints and
their items written directly in the state reviewers' decisions leave them in."""

import datetime

import factory
from django.utils import timezone

from complaints.models import (
    Complaint,
    ComplaintItem,
    ComplaintStatus,
    ItemOutcome,
    ItemStatus,
)


class ComplaintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Complaint

    platform = "taobao"
    reason = "counterfeit"
    status = ComplaintStatus.PROCESSED
    submitted_at = factory.LazyFunction(timezone.now)
    created_at = factory.LazyAttribute(lambda o: o.submitted_at)

    class Params:
        queued = factory.Trait(status=ComplaintStatus.SUBMITTED)


class ComplaintItemFactory(factory.django.DjangoModelFactory):
    """A decided URL: taken down by default (upheld). Traits: rejected, unfounded, overturned."""

    class Meta:
        model = ComplaintItem

    complaint = factory.SubFactory(ComplaintFactory)
    line = factory.Sequence(lambda n: n + 1)
    url = factory.Sequence(lambda n: f"https://item.taobao.com/item.htm?id={700_000_000_000 + n}")
    platform = "taobao"
    listing_id = factory.Sequence(lambda n: str(700_000_000_000 + n))
    status = ItemStatus.UPHELD
    decided_at = factory.LazyFunction(timezone.now)
    outcome = ItemOutcome.SELLER_SILENT

    class Params:
        rejected = factory.Trait(
            status=ItemStatus.REJECTED, rejection_reason="insufficient_proof", outcome=""
        )
        unfounded = factory.Trait(
            status=ItemStatus.REJECTED, rejection_reason="not_infringement", outcome=""
        )
        overturned = factory.Trait(
            status=ItemStatus.RESTORED, outcome=ItemOutcome.COMPLAINANT_ACCEPTED
        )


def record(
    owner,
    *,
    taken_down: int = 0,
    rejected: int = 0,
    unfounded: int = 0,
    overturned: int = 0,
    reason: str = "counterfeit",
    decided_at: datetime.datetime | None = None,
) -> Complaint:
    """One complaint of `owner` with that many decided URLs (`overturned` are among neither
    count: they are extra taken-down URLs later restored by a counter-notice)."""
    when = decided_at or timezone.now()
    complaint = ComplaintFactory(complainant=owner, reason=reason, submitted_at=when)
    items = (
        [ComplaintItemFactory.build(complaint=complaint) for _ in range(taken_down)]
        + [ComplaintItemFactory.build(complaint=complaint, rejected=True) for _ in range(rejected)]
        + [
            ComplaintItemFactory.build(complaint=complaint, unfounded=True)
            for _ in range(unfounded)
        ]
        + [
            ComplaintItemFactory.build(complaint=complaint, overturned=True)
            for _ in range(overturned)
        ]
    )
    for line, item in enumerate(items, start=1):
        item.line, item.decided_at = line, when
    ComplaintItem.objects.bulk_create(items)
    complaint.url_count = complaint.valid_count = complaint.processed_count = len(items)
    complaint.save(update_fields=["url_count", "valid_count", "processed_count"])
    return complaint


def suspend(owner, *, days: int = 30, reason: str = "Too many manifestly unfounded notices."):
    """A filing suspension imposed through the service (as the daily run does)."""
    from accounts.models import SanctionKind
    from accounts.services.standing import impose_sanction

    now = timezone.now()
    sanction = impose_sanction(
        account_id=owner.pk,
        kind=SanctionKind.SUSPENSION,
        figures={"unfounded": 20, "decided": 30, "unfounded_share": "66.7"},
        reason=reason,
        now=now,
        ends_at=now + datetime.timedelta(days=days),
    )
    owner.refresh_from_db()
    return sanction
