"""Two reviewers deciding the same selection at once (PostgreSQL): one batch wins whole, the other
is refused whole; no URL is decided twice, no listing taken down twice, one notice per seller."""

import pytest

from catalogue.models import Listing, ListingStatus
from complaints.models import ItemStatus
from core.errors import TransitionError
from core.models import AuditEvent, Notification
from reviews.models import Deadline
from reviews.services import bulk
from tests.factories import UserFactory

from .conftest import file_validated, items_of, make_listings
from .test_concurrency import _need_postgres, _race

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_reviewers_deciding_the_same_selection_at_once_only_one_batch_applies(
    complainant, trademark, store, seller
):
    _need_postgres()
    complaint = file_validated(
        complainant, trademark, make_listings(store, 40), reason="trademark_unauthorized_use"
    )
    ids = [item.pk for item in items_of(complaint)]
    reviewers = [UserFactory(email=f"bulk-race{i}@example.com", reviewer=True) for i in range(2)]

    def work(rev):
        if rev is reviewers[0]:
            return bulk.decide_items(
                complaint=complaint, item_ids=ids, decision="accept", actor=rev
            )
        return bulk.decide_items(
            complaint=complaint,
            item_ids=list(reversed(ids)),  # another order: the service locks by primary key
            decision="reject",
            reason="insufficient_proof",
            actor=rev,
        )

    results = _race(work, reviewers)
    assert sorted(kind for kind, _r in results) == ["error", "ok"], results
    error = next(r for kind, r in results if kind == "error")
    # The loser waited for the complaint lock and then found the URLs decided (or, after a
    # rejection of every URL, the complaint closed): a 409 either way.
    assert isinstance(error, TransitionError) and error.status_code == 409
    statuses = set(complaint.items.values_list("status", flat=True))
    assert len(statuses) == 1 and statuses <= {ItemStatus.ACCEPTED, ItemStatus.REJECTED}
    decided = AuditEvent.objects.filter(action__in=["url.accepted", "url.rejected"])
    assert decided.count() == 40 and len({row.target_id for row in decided}) == 40
    if statuses == {ItemStatus.ACCEPTED}:
        assert Deadline.objects.filter(item__complaint=complaint).count() == 40
        assert Listing.objects.filter(status=ListingStatus.TAKEN_DOWN).count() == 40
        taken = AuditEvent.objects.filter(action="listing.taken_down").count()
        assert taken == 40
        assert Notification.objects.filter(user=seller, kind="takedown_notice_batch").count() == 1
    else:
        assert not Deadline.objects.filter(item__complaint=complaint).exists()
        assert not Listing.objects.filter(status=ListingStatus.TAKEN_DOWN).exists()


def test_an_undo_and_another_decision_on_the_same_complaint_at_once_both_apply(
    complainant, trademark, store, reviewer
):
    """An undo and another reviewer's decision on another URL of the complaint: both take the
    complaint lock first, so one waits for the other; neither deadlocks nor is lost."""
    _need_postgres()
    complaint = file_validated(
        complainant, trademark, make_listings(store, 2), reason="trademark_unauthorized_use"
    )
    first, second = items_of(complaint)
    bulk.decide_items(complaint=complaint, item_ids=[first.pk], decision="accept", actor=reviewer)
    other = UserFactory(email="bulk-race-other@example.com", reviewer=True)

    def work(rev):
        if rev is reviewer:
            return bulk.undo_takedown(item=first, actor=rev)
        return bulk.decide_items(
            complaint=complaint,
            item_ids=[second.pk],
            decision="reject",
            reason="insufficient_proof",
            actor=rev,
        )

    results = _race(work, [reviewer, other])
    assert all(kind == "ok" for kind, _r in results), results
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (ItemStatus.VALID, ItemStatus.REJECTED)
