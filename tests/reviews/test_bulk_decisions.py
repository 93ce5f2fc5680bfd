"""Deciding a selection of URLs at once, and undoing a takedown: the same rules as one URL at a
time, one transaction, audit rows per URL, one notice per seller, a query count that does not
grow with the selection."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.models import ListingStatus
from complaints import services as complaint_svc
from complaints.models import ComplaintStatus, ItemStatus
from core import claims
from core.errors import DomainError, TransitionError
from core.models import AuditEvent, Notification, OutboxMessage
from reviews.models import Deadline, DeadlineStatus
from reviews.services import bulk, decisions
from reviews.services.remote import move_listings_of
from tests.factories import UserFactory

from .conftest import MONDAY, at, items_of, make_listings
from .conftest import file_validated as _file_validated


def file_validated(complainant, ipr, listings):
    # A reason that needs no proof document, so the fixtures file without uploads.
    return _file_validated(complainant, ipr, listings, reason="trademark_unauthorized_use")


def ids(items) -> list[int]:
    return [item.pk for item in items]


def item_actions(items) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            target_type="complaints.complaintitem", target_id__in=[str(i.pk) for i in items]
        ).values_list("action", flat=True)
    )


DECIDED = {"url.accepted", "url.rejected", "url.undone"}


@pytest.fixture
def complaint(complainant, trademark, store):
    return file_validated(complainant, trademark, make_listings(store, 3))


@pytest.fixture
def two_store_complaint(complainant, trademark, store, other_store):
    listings = make_listings(store, 4) + make_listings(other_store, 2, start=630_000_000_000)
    return file_validated(complainant, trademark, listings)


@pytest.mark.django_db
def test_accepting_a_selection_takes_down_each_listing_with_one_notice_per_seller(
    two_store_complaint, reviewer, seller, other_seller, frozen, django_capture_on_commit_callbacks
):
    items = items_of(two_store_complaint)
    with django_capture_on_commit_callbacks(execute=True):
        result = bulk.decide_items(
            complaint=two_store_complaint, item_ids=ids(items), decision="accept", actor=reviewer
        )
    assert result.undo_until == MONDAY + datetime.timedelta(minutes=10)
    for item in items:
        item.refresh_from_db()
        assert item.status == ItemStatus.ACCEPTED and item.decided_by == reviewer
        assert item.catalogue_listing.status == ListingStatus.TAKEN_DOWN
    assert item_actions(items).count("url.accepted") == 6
    assert item_actions(items).count("deadline.opened") == 6
    assert Deadline.objects.filter(item__in=items, status=DeadlineStatus.OPEN).count() == 6
    # One notice (and one email) per seller account, naming each of its listings.
    assert Notification.objects.filter(user=seller, kind="takedown_notice_batch").count() == 1
    assert Notification.objects.filter(user=other_seller, kind="takedown_notice_batch").count() == 1
    to_seller = [m for m in mail.outbox if m.to == ["seller@example.com"]]
    assert len(to_seller) == 1 and to_seller[0].body.count("listing ID") == 4
    assert "Statement of reasons" in to_seller[0].body
    assert "ip@example.com" in to_seller[0].body and "brand@example.com" not in to_seller[0].body
    # Nothing waits for a decision any more: processed, the complainant told once.
    two_store_complaint.refresh_from_db()
    assert two_store_complaint.status == ComplaintStatus.PROCESSED
    assert Notification.objects.filter(kind="complaint_processed").count() == 1


@pytest.mark.django_db
def test_rejecting_a_selection_records_one_reason_for_each_url(complaint, reviewer):
    first, second, third = items_of(complaint)
    bulk.decide_items(
        complaint=complaint,
        item_ids=[first.pk, second.pk],
        decision="reject",
        reason="ipr_mismatch",
        note="Class 25; these are jewelry.",
        actor=reviewer,
    )
    for item in (first, second):
        item.refresh_from_db()
        assert item.status == ItemStatus.REJECTED and item.rejection_reason == "ipr_mismatch"
        assert item.decision_note == "Class 25; these are jewelry." and item.closed_at
        assert item.catalogue_listing.status == ListingStatus.LIVE
    third.refresh_from_db()
    assert third.status == ItemStatus.VALID
    rows = AuditEvent.objects.filter(action="url.rejected").order_by("target_id")
    assert [r.reason for r in rows] == [
        "URL 1. The claimed IPR does not match the listing (different class of goods): "
        "Class 25; these are jewelry.",
        "URL 2. The claimed IPR does not match the listing (different class of goods): "
        "Class 25; these are jewelry.",
    ]
    assert {r.actor_id for r in rows} == {reviewer.pk}
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_REVIEW


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"decision": "reject", "reason": ""}, "reason"),
        ({"decision": "reject", "reason": "not-a-reason"}, "reason"),
        ({"decision": "reject", "reason": "other", "note": " "}, "required"),
        ({"decision": "accept", "reason": "ipr_mismatch"}, "reason"),
        ({"decision": "uphold"}, "decision"),
        ({"decision": "accept", "item_ids": []}, "empty_selection"),
        ({"decision": "accept", "note": "x" * 2001}, "too_long"),
    ],
)
def test_bad_input_is_refused_before_anything_changes(complaint, reviewer, kwargs, code):
    args = {"item_ids": ids(items_of(complaint)), "note": "", "reason": "", **kwargs}
    with pytest.raises(DomainError) as error:
        bulk.decide_items(complaint=complaint, actor=reviewer, **args)
    assert error.value.code == code
    assert not DECIDED & set(item_actions(items_of(complaint)))


@pytest.mark.django_db
def test_a_selection_with_a_decided_url_is_refused_whole(complaint, reviewer):
    first, second, third = items_of(complaint)
    decisions.reject_item(item=first, actor=reviewer, reason="invalid_listing")
    with pytest.raises(TransitionError) as error:
        bulk.decide_items(
            complaint=complaint, item_ids=ids([first, second]), decision="accept", actor=reviewer
        )
    assert error.value.code == "already_decided" and "URL 1" in error.value.message
    second.refresh_from_db()
    assert second.status == ItemStatus.VALID
    assert not DECIDED & set(item_actions([second, third]))


@pytest.mark.django_db
def test_urls_of_another_complaint_are_refused(complaint, complainant, trademark, store, reviewer):
    other = file_validated(complainant, trademark, make_listings(store, 1, 640_000_000_000))
    with pytest.raises(DomainError) as error:
        bulk.decide_items(
            complaint=complaint,
            item_ids=[items_of(complaint)[0].pk, items_of(other)[0].pk],
            decision="accept",
            actor=reviewer,
        )
    assert error.value.code == "not_in_complaint"


@pytest.mark.django_db
def test_only_reviewers_decide_and_not_on_a_complaint_claimed_by_another(
    complaint, reviewer, complainant, seller
):
    for actor in (complainant, seller):
        with pytest.raises(PermissionDenied):
            bulk.decide_items(
                complaint=complaint,
                item_ids=ids(items_of(complaint)),
                decision="accept",
                actor=actor,
            )
    other = UserFactory(email="other-reviewer@example.com", reviewer=True)
    claims.claim(queue_name="complaints", item=complaint, reviewer=other)
    with pytest.raises(TransitionError) as error:
        bulk.decide_items(
            complaint=complaint,
            item_ids=ids(items_of(complaint)),
            decision="accept",
            actor=reviewer,
        )
    assert error.value.code == "claimed_by_other"


@pytest.mark.django_db
def test_a_withdrawn_complaint_cannot_be_decided(complaint, complainant, reviewer):
    complaint_svc.withdraw_complaint(complaint=complaint, actor=complainant)
    with pytest.raises(TransitionError):
        bulk.decide_items(
            complaint=complaint,
            item_ids=ids(items_of(complaint)),
            decision="accept",
            actor=reviewer,
        )


def _queries_for(complainant, trademark, store, reviewer, n, start, decision):
    complaint = file_validated(complainant, trademark, make_listings(store, n, start))
    with CaptureQueriesContext(connection) as queries:
        bulk.decide_items(
            complaint=complaint,
            item_ids=ids(items_of(complaint)),
            decision=decision,
            reason="insufficient_proof" if decision == "reject" else "",
            actor=reviewer,
        )
    return len(queries)


@pytest.mark.django_db
@pytest.mark.parametrize("decision", ["accept", "reject"])
def test_the_query_count_does_not_grow_with_the_selection(
    complainant, trademark, store, reviewer, decision
):
    ten = _queries_for(complainant, trademark, store, reviewer, 10, 650_000_000_000, decision)
    two_hundred = _queries_for(
        complainant, trademark, store, reviewer, 200, 660_000_000_000, decision
    )
    if connection.vendor == "postgresql":
        assert two_hundred == ten
    else:
        # SQLite's 999-parameter limit splits Django's bulk statements into batches.
        assert two_hundred - ten <= 10
    assert ten <= 40


# --- undo --------------------------------------------------------------------------------------
def _accept_all(complaint, reviewer):
    return bulk.decide_items(
        complaint=complaint, item_ids=ids(items_of(complaint)), decision="accept", actor=reviewer
    )


@pytest.mark.django_db
def test_undo_within_the_window_puts_the_url_back_for_a_decision(
    complaint, reviewer, seller, frozen
):
    _accept_all(complaint, reviewer)
    first = items_of(complaint)[0]
    frozen.shift(datetime.timedelta(minutes=9))
    bulk.undo_takedown(item=first, actor=reviewer)
    first.refresh_from_db()
    assert first.status == ItemStatus.VALID and first.decided_by is None
    assert first.catalogue_listing.status == ListingStatus.RESTORED
    assert Deadline.objects.get(item=first).status == DeadlineStatus.CANCELLED
    assert "url.undone" in item_actions([first])
    undo = AuditEvent.objects.get(action="url.undone")
    assert undo.actor == reviewer and (undo.from_status, undo.to_status) == ("accepted", "valid")
    assert Notification.objects.filter(user=seller, kind="listing_restored").count() == 1
    # The complaint was processed (nothing waited); it waits for this URL again.
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_REVIEW
    # ... and the URL can be decided again.
    bulk.decide_items(
        complaint=complaint,
        item_ids=[first.pk],
        decision="reject",
        reason="use_not_located",
        actor=reviewer,
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.PROCESSED


@pytest.mark.django_db
def test_undo_is_refused_after_the_window_to_others_and_once_a_counter_notice_exists(
    complaint, reviewer, seller, frozen
):
    from reviews.services import counter_notices as cn

    _accept_all(complaint, reviewer)
    first, second, third = items_of(complaint)
    other = UserFactory(email="second-reviewer@example.com", reviewer=True)
    with pytest.raises(TransitionError) as error:
        bulk.undo_takedown(item=first, actor=other)
    assert error.value.code == "not_decider"
    cn.submit_counter_notice(
        item=second,
        actor=seller,
        data=cn.CounterNoticeInput(grounds="genuine_goods", statement="Bought from ACME."),
    )
    with pytest.raises(TransitionError) as error:
        bulk.undo_takedown(item=second, actor=reviewer)
    assert error.value.code == "counter_notice_sent"
    frozen.shift(datetime.timedelta(minutes=10, seconds=1))
    with pytest.raises(TransitionError) as error:
        bulk.undo_takedown(item=first, actor=reviewer)
    assert error.value.code == "undo_expired"
    assert "url.undone" not in item_actions([first, second, third])


@pytest.mark.django_db
def test_a_rejection_has_no_undo(complaint, reviewer):
    first = items_of(complaint)[0]
    decisions.reject_item(item=first, actor=reviewer, reason="invalid_listing")
    with pytest.raises(TransitionError) as error:
        bulk.undo_takedown(item=first, actor=reviewer)
    assert error.value.code == "not_accepted"


@pytest.mark.django_db
def test_the_undo_window_is_a_setting(complaint, reviewer, settings):
    settings.IPP = {**settings.IPP, "REVIEW_DECISIONS": {"undo_minutes": 1}}
    with at(MONDAY) as traveller:
        _accept_all(complaint, reviewer)
        traveller.shift(datetime.timedelta(seconds=61))
        with pytest.raises(TransitionError):
            bulk.undo_takedown(item=items_of(complaint)[0], actor=reviewer)


@pytest.mark.django_db
def test_undo_keeps_a_listing_down_that_another_complaint_took_down(
    complainant, other_owner, trademark, store, reviewer
):
    from tests.ipr.conftest import IPRFactory

    listing = make_listings(store, 1, 670_000_000_000)
    mine = file_validated(complainant, trademark, listing)
    other_mark = IPRFactory(owner=other_owner, authenticated=True, mark_word="ACME")
    theirs = file_validated(other_owner, other_mark, listing)
    _accept_all(theirs, reviewer)
    _accept_all(mine, reviewer)
    bulk.undo_takedown(item=items_of(mine)[0], actor=reviewer)
    listing[0].refresh_from_db()
    assert listing[0].status == ListingStatus.TAKEN_DOWN


@pytest.mark.django_db
def test_a_remote_marketplace_gets_one_outbox_message_and_follows_the_items_state(
    complaint, reviewer, settings
):
    """A remote connector: the batch's takedowns are one message; the task re-reads each item,
    so an undo committed before the message ran leaves that listing up."""
    from catalogue.connector import CatalogueConnector

    class Remote(CatalogueConnector):
        in_database = False

    settings.IPP = {**settings.IPP, "MARKETPLACE_CONNECTOR": f"{__name__}.RemoteForTest"}
    globals()["RemoteForTest"] = Remote
    items = items_of(complaint)
    _accept_all(complaint, reviewer)
    messages = OutboxMessage.objects.filter(task="reviews.tasks.apply_takedowns")
    assert messages.count() == 1 and messages.get().kwargs["item_ids"] == ids(items)
    assert all(i.catalogue_listing.status == ListingStatus.LIVE for i in items)  # not yet
    bulk.undo_takedown(item=items[0], actor=reviewer)
    assert OutboxMessage.objects.filter(task="reviews.tasks.apply_restores").count() == 1
    assert move_listings_of(ids(items), reviewer.pk, action="take_down") == 2
    for item in items:
        item.catalogue_listing.refresh_from_db()
    assert items[0].catalogue_listing.status == ListingStatus.LIVE
    assert items[1].catalogue_listing.status == ListingStatus.TAKEN_DOWN
