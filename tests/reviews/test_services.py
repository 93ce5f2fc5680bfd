"""Per-URL decisions, takedown, counter-notices, answers and withdrawal: every transition, legal
and illegal, with its audit row and notifications."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied

from catalogue.models import ListingStatus
from complaints import services as complaint_svc
from complaints.models import ComplaintItem, ComplaintStatus, ItemStatus
from core.errors import DomainError, TransitionError
from core.models import AuditEvent, Notification
from reviews.models import (
    CounterNotice,
    CounterNoticeStatus,
    Deadline,
    DeadlineKind,
    DeadlineStatus,
)
from reviews.services import counter_notices as cn
from reviews.services import decisions

from .conftest import items_of


def actions(target) -> list[str]:
    return list(
        AuditEvent.objects.filter(
            target_type=target._meta.label_lower, target_id=str(target.pk)
        ).values_list("action", flat=True)
    )


def cn_input(**kw):
    values = {"grounds": "genuine_goods", "statement": "Bought from the official distributor."}
    values.update(kw)
    return cn.CounterNoticeInput(**values)


@pytest.mark.django_db
def test_accepting_a_url_takes_the_listing_down_and_notifies_the_seller(
    complaint, reviewer, seller, frozen, django_capture_on_commit_callbacks
):
    item = items_of(complaint)[0]
    with django_capture_on_commit_callbacks(execute=True):
        decisions.accept_item(item=item, actor=reviewer)
    item.refresh_from_db()
    complaint.refresh_from_db()
    assert item.status == ItemStatus.ACCEPTED and item.decided_by == reviewer
    assert item.catalogue_listing.status == ListingStatus.TAKEN_DOWN
    assert complaint.status == ComplaintStatus.IN_REVIEW
    deadline = Deadline.objects.get(item=item)
    assert deadline.kind == DeadlineKind.SELLER_COUNTER_NOTICE
    assert deadline.due_at.isoformat() == "2026-03-05T10:00:00+00:00"  # 3 working days
    assert "url.accepted" in actions(item) and "deadline.opened" in actions(item)
    note = Notification.objects.get(user=seller, kind="takedown_notice")
    assert "/review/seller/items/" in note.link
    message = mail.outbox[-1]
    assert message.to == ["seller@example.com"]
    assert "Acme Brands Ltd" in message.body and "ip@example.com" in message.body
    assert "Counterfeit" in message.body and "ACME" in message.body
    assert "brand@example.com" not in message.body  # registered email stays private
    assert "Secret Street" not in message.body
    # DSA art. 17: the seller gets a statement of reasons with the redress open to it.
    assert "Statement of reasons" in message.body and "Redress: a counter-notice" in message.body
    html = message.alternatives[0][0]
    assert "&lt;ip@example.com&gt;" in html


@pytest.mark.django_db
def test_per_platform_window_setting_is_used(complaint, reviewer, frozen, settings):
    settings.IPP = {
        **settings.IPP,
        "REVIEW_WINDOWS": {
            "seller_counter_notice": {"default": 3, "taobao": 5},
            "complainant_answer": {"default": 3},
        },
    }
    item = items_of(complaint)[0]
    decisions.accept_item(item=item, actor=reviewer)
    assert Deadline.objects.get(item=item).due_at.isoformat() == "2026-03-09T10:00:00+00:00"


@pytest.mark.django_db
def test_rejecting_needs_a_faq_reason_and_other_needs_text(complaint, reviewer):
    item = items_of(complaint)[0]
    with pytest.raises(DomainError, match="reason"):
        decisions.reject_item(item=item, actor=reviewer, reason="")
    with pytest.raises(DomainError):
        decisions.reject_item(item=item, actor=reviewer, reason="other", note="  ")
    decisions.reject_item(item=item, actor=reviewer, reason="ipr_mismatch", note="Jewelry")
    item.refresh_from_db()
    assert (item.status, item.rejection_reason) == (ItemStatus.REJECTED, "ipr_mismatch")
    event = AuditEvent.objects.get(action="url.rejected")
    assert "does not match" in event.reason and "Jewelry" in event.reason
    assert item.catalogue_listing.status == ListingStatus.LIVE


@pytest.mark.django_db
@pytest.mark.parametrize("note", ["bad\x00byte", "x" * 2001], ids=["nul-byte", "oversized"])
def test_bad_notes_are_refused(complaint, reviewer, note):
    item = items_of(complaint)[0]
    with pytest.raises(DomainError):
        decisions.reject_item(item=item, actor=reviewer, reason="other", note=note)
    item.refresh_from_db()
    assert item.status == ItemStatus.VALID


@pytest.mark.django_db
def test_hostile_text_is_kept_as_text(complaint, reviewer):
    item = items_of(complaint)[0]
    hostile = "<script>alert(1)</script> ' OR 1=1 --"
    decisions.reject_item(item=item, actor=reviewer, reason="other", note=hostile)
    item.refresh_from_db()
    assert item.decision_note == hostile


@pytest.mark.django_db
def test_only_reviewers_decide(complaint, complainant, seller):
    item = items_of(complaint)[0]
    for actor in (complainant, seller):
        with pytest.raises(PermissionDenied):
            decisions.accept_item(item=item, actor=actor)


@pytest.mark.django_db
def test_a_decided_url_cannot_be_decided_again(complaint, reviewer):
    item = items_of(complaint)[0]
    decisions.accept_item(item=item, actor=reviewer)
    with pytest.raises(TransitionError):
        decisions.reject_item(item=item, actor=reviewer, reason="insufficient_proof")
    with pytest.raises(TransitionError):
        decisions.accept_item(item=item, actor=reviewer)


@pytest.mark.django_db
def test_complaint_is_processed_when_every_valid_url_is_decided_and_complainant_told(
    complaint, reviewer, complainant, django_capture_on_commit_callbacks
):
    a, b, c = items_of(complaint)
    decisions.accept_item(item=a, actor=reviewer)
    decisions.accept_item(item=b, actor=reviewer)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_REVIEW
    with django_capture_on_commit_callbacks(execute=True):
        decisions.reject_item(item=c, actor=reviewer, reason="use_not_located")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.PROCESSED
    note = Notification.objects.get(user=complainant, kind="complaint_processed")
    assert note.title == f"Complaint #{complaint.pk}: 2 of 3 URLs taken down"
    assert "cannot be located" in mail.outbox[-1].body
    assert actions(complaint)[-2:] == ["complaint.in_review", "complaint.processed"]


@pytest.mark.django_db
def test_all_rejected_complaint_closes(complaint, reviewer):
    for item in items_of(complaint):
        decisions.reject_item(item=item, actor=reviewer, reason="insufficient_proof")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED


@pytest.mark.django_db
def test_a_complaint_claimed_by_another_reviewer_cannot_be_decided(complaint, reviewer):
    from core import claims
    from tests.factories import UserFactory

    other = UserFactory(email="rev2@example.com", reviewer=True)
    claims.claim(queue_name="complaints", item=complaint, reviewer=other)
    with pytest.raises(TransitionError, match="Another reviewer"):
        decisions.accept_item(item=items_of(complaint)[0], actor=reviewer)


def _accept_all(complaint, reviewer):
    for item in items_of(complaint):
        decisions.accept_item(item=item, actor=reviewer)
    return items_of(complaint)


@pytest.mark.django_db
def test_seller_counter_notice_opens_the_complainants_window(
    complaint, reviewer, seller, complainant, frozen, django_capture_on_commit_callbacks
):
    item = _accept_all(complaint, reviewer)[0]
    with django_capture_on_commit_callbacks(execute=True):
        notice = cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    assert notice.status == CounterNoticeStatus.AWAITING_COMPLAINANT
    states = dict(Deadline.objects.filter(item=item).values_list("kind", "status"))
    assert states == {"seller_counter_notice": "met", "complainant_answer": "open"}
    assert "counter_notice.submitted" in actions(item)
    assert Notification.objects.filter(user=complainant, kind="counter_notice_received").exists()
    assert set(mail.outbox[-1].to) == {"brand@example.com", "ip@example.com"}
    with pytest.raises(TransitionError):
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input())


@pytest.mark.django_db
def test_counter_notice_refused_for_another_seller_bad_input_and_after_the_window(
    complaint, reviewer, seller, other_seller, frozen
):
    item = _accept_all(complaint, reviewer)[0]
    with pytest.raises(DomainError, match="seller"):
        cn.submit_counter_notice(item=item, actor=other_seller, data=cn_input())
    with pytest.raises(DomainError):
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input(grounds="nope"))
    with pytest.raises(DomainError):
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input(statement="a\x00b"))
    with pytest.raises(DomainError):
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input(statement=""))
    frozen.move_to("2026-03-05T10:00:01Z")
    with pytest.raises(TransitionError, match="window"):
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input())


@pytest.mark.django_db
def test_complainant_accepting_the_counter_notice_restores_the_listing(
    complaint, reviewer, seller, complainant, outsider
):
    item = _accept_all(complaint, reviewer)[0]
    notice = cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    with pytest.raises(DomainError):
        cn.accept_counter_notice(counter_notice=notice, actor=outsider)
    cn.accept_counter_notice(counter_notice=notice, actor=complainant)
    item.refresh_from_db()
    assert (item.status, item.outcome) == (ItemStatus.RESTORED, "complainant_accepted")
    assert item.catalogue_listing.status == ListingStatus.RESTORED
    with pytest.raises(TransitionError):
        cn.maintain_complaint(counter_notice=notice, actor=complainant, statement="x", evidence=[])


@pytest.mark.django_db
def test_maintained_then_platform_rejects_the_counter_notice_takedown_final_with_points(
    complaint, reviewer, seller, complainant, store
):
    item = _accept_all(complaint, reviewer)[0]
    notice = cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    with pytest.raises(DomainError):
        cn.maintain_complaint(counter_notice=notice, actor=complainant, statement="", evidence=[])
    cn.maintain_complaint(
        counter_notice=notice, actor=complainant, statement="Test purchase proves it.", evidence=[]
    )
    notice.refresh_from_db()
    assert notice.status == CounterNoticeStatus.MAINTAINED
    with pytest.raises(PermissionDenied):
        cn.decide_counter_notice(counter_notice=notice, actor=complainant, accept=False, note="x")
    with pytest.raises(DomainError):  # rejecting needs reasons
        cn.decide_counter_notice(counter_notice=notice, actor=reviewer, accept=False)
    cn.decide_counter_notice(counter_notice=notice, actor=reviewer, accept=False, note="Fake.")
    item.refresh_from_db()
    assert (item.status, item.outcome) == (ItemStatus.UPHELD, "counter_notice_rejected")
    assert item.catalogue_listing.status == ListingStatus.TAKEN_DOWN
    assert store.penalty_entries.get().points == 6
    assert "counter_notice.rejected" in actions(item) and "penalty.recorded" in actions(item)
    with pytest.raises(TransitionError):
        cn.decide_counter_notice(counter_notice=notice, actor=reviewer, accept=True)


@pytest.mark.django_db
def test_platform_accepting_the_counter_notice_restores(complaint, reviewer, seller, complainant):
    item = _accept_all(complaint, reviewer)[0]
    notice = cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    cn.maintain_complaint(counter_notice=notice, actor=complainant, statement="No.", evidence=[])
    cn.decide_counter_notice(counter_notice=notice, actor=reviewer, accept=True)
    item.refresh_from_db()
    assert (item.status, item.outcome) == (ItemStatus.RESTORED, "platform_accepted")
    assert item.catalogue_listing.is_visible


@pytest.mark.django_db
def test_withdrawal_restores_taken_down_listings_and_closes_counter_notices(
    complaint, reviewer, seller, complainant, django_capture_on_commit_callbacks
):
    a, b, c = items_of(complaint)
    decisions.accept_item(item=a, actor=reviewer)
    decisions.accept_item(item=b, actor=reviewer)
    notice = cn.submit_counter_notice(item=a, actor=seller, data=cn_input())
    with django_capture_on_commit_callbacks(execute=True):
        complaint_svc.withdraw_complaint(complaint=complaint, actor=complainant)
    states = {i.line: (i.status, i.outcome) for i in items_of(complaint)}
    assert states == {
        1: ("withdrawn", "complaint_withdrawn"),
        2: ("withdrawn", "complaint_withdrawn"),
        3: ("withdrawn", ""),
    }
    for item in items_of(complaint)[:2]:
        assert item.catalogue_listing.status == ListingStatus.RESTORED
    notice.refresh_from_db()
    assert notice.status == CounterNoticeStatus.COMPLAINT_WITHDRAWN
    assert not Deadline.objects.filter(status=DeadlineStatus.OPEN).exists()
    # One withdrawal, one notice and one email to the seller listing both listings.
    [restored] = Notification.objects.filter(user=seller, kind="listing_restored")
    assert restored.title == f"Complaint #{complaint.pk}: 2 listings are restored"
    [email] = [m for m in mail.outbox if "Listings restored" in m.subject]
    assert email.to == [seller.email]
    for item in items_of(complaint)[:2]:
        assert item.catalogue_listing.title in email.body
    with pytest.raises(TransitionError):
        complaint_svc.withdraw_complaint(complaint=complaint, actor=complainant)


@pytest.mark.django_db
def test_dmca_counter_notice_needs_the_512g_elements(
    reviewer, seller, store, django_capture_on_commit_callbacks
):
    from complaints.models import ComplaintSource
    from tests.complaints.conftest import url_of

    from .conftest import make_listings

    listing = make_listings(store, 1, start=630_000_000_000)[0]
    data = complaint_svc.DmcaInput(
        platform="taobao",
        reason="copyright_image",
        urls=url_of(listing),
        notifier_name="Jane Photographer",
        notifier_email="jane@example.org",
        notifier_phone="+1 555 0100",
        notifier_address="1 Main St",
        rights_owner_name="Jane Photo LLC",
        work_description="My photo",
        signature="Jane Photographer",
        good_faith_statement=True,
        accuracy_statement=True,
    )
    complaint = complaint_svc.file_dmca_notice(data=data)
    complaint_svc.validate_complaint(complaint_id=complaint.pk)
    assert complaint.source == ComplaintSource.DMCA_FORM
    item = ComplaintItem.objects.get(complaint=complaint)
    decisions.accept_item(item=item, actor=reviewer)
    with pytest.raises(DomainError):
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    full = cn_input(
        full_name="Sam Seller",
        address="2 Market Rd",
        phone="+86 1",
        signature="Sam Seller",
        perjury_statement=True,
        jurisdiction_consent=False,
    )
    with pytest.raises(DomainError, match="both statements"):
        cn.submit_counter_notice(item=item, actor=seller, data=full)
    full.jurisdiction_consent = True
    with django_capture_on_commit_callbacks(execute=True):
        notice = cn.submit_counter_notice(item=item, actor=seller, data=full)
    assert notice.signature == "Sam Seller"
    assert mail.outbox[-1].to == ["jane@example.org"]  # the notifier, by email


@pytest.mark.django_db
def test_audit_rows_are_immutable(complaint, reviewer):
    decisions.accept_item(item=items_of(complaint)[0], actor=reviewer)
    event = AuditEvent.objects.filter(action="url.accepted").get()
    with pytest.raises(PermissionError):
        event.delete()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="x")
    assert CounterNotice.objects.count() == 0


@pytest.mark.django_db
def test_withdrawing_a_processed_complaint_closes_a_maintained_counter_notice(
    complaint, reviewer, seller, complainant
):
    a, b, c = items_of(complaint)
    decisions.accept_item(item=a, actor=reviewer)
    for item in (b, c):
        decisions.reject_item(item=item, actor=reviewer, reason="insufficient_proof")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.PROCESSED
    notice = cn.submit_counter_notice(item=a, actor=seller, data=cn_input())
    cn.maintain_complaint(counter_notice=notice, actor=complainant, statement="No", evidence=[])
    complaint_svc.withdraw_complaint(complaint=complaint, actor=complainant)
    notice.refresh_from_db()
    assert notice.status == CounterNoticeStatus.COMPLAINT_WITHDRAWN
    moves = set(
        AuditEvent.objects.filter(
            action__in=["complaint.withdrawn", "counter_notice.withdrawn"]
        ).values_list("from_status", "to_status")
    )
    assert ("processed", "withdrawn") in moves
    assert AuditEvent.objects.filter(
        from_status="maintained", to_status="complaint_withdrawn"
    ).exists()
