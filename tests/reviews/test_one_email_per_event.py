"""core.notify in the review workflow and alone: one event, one message per recipient;
notifications are short lines written without rendering a template; the email follows the
person's preference for its category."""

from html import escape

import pytest
from django.core import mail
from django.db import transaction
from django.test.signals import template_rendered
from django.urls import reverse

from complaints import services as complaint_svc
from core.models import Notification, NotificationPreference, OutboxMessage
from core.notification_kinds import KINDS, Category, line_of
from core.notify import email_after_commit, notify_user
from reviews.services import decisions
from tests.reviews.conftest import file_validated, items_of, make_listings

ITEM = {
    "complaint_id": 12,
    "listing_title": "ACME sneaker copy",
    "due_at": "2026-03-05 10:00 UTC",
    "url": "https://item.taobao.com/item.htm?id=600000000001",
}


@pytest.fixture
def mixed_complaint(complainant, trademark, store, other_store):
    """Five URLs: three of the seller's store, two of another seller's."""
    listings = make_listings(store, 3) + make_listings(other_store, 2, start=630_000_000_000)
    return file_validated(complainant, trademark, listings)


def _to(user) -> list:
    return [m for m in mail.outbox if user.email in m.to]


@pytest.mark.django_db
def test_deciding_five_urls_in_one_event_sends_each_seller_one_notice_listing_its_urls(
    mixed_complaint, reviewer, seller, other_seller, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for item in items_of(mixed_complaint):
            decisions.accept_item(item=item, actor=reviewer)
    [notice] = Notification.objects.filter(user=seller, kind="takedown_notice")
    assert notice.title.startswith(
        f"Takedown notice: 3 of your listings (complaint #{mixed_complaint.pk})"
    )
    assert notice.link == reverse("reviews:seller_home")
    [email] = _to(seller)
    assert email.subject == "Takedown notice: 3 listings"
    for item in items_of(mixed_complaint)[:3]:
        assert item.url in email.body and escape(item.url) in email.alternatives[0][0]
    assert items_of(mixed_complaint)[3].url not in email.body  # the other seller's listing
    [other] = _to(other_seller)
    assert other.subject == "Takedown notice: 2 listings"
    assert Notification.objects.filter(user=other_seller).count() == 1
    # The complainant: the complaint is processed once, one notice, one email.
    complainant = mixed_complaint.complainant
    [processed] = Notification.objects.filter(user=complainant, kind="complaint_processed")
    assert processed.title == f"Complaint #{mixed_complaint.pk}: 5 of 5 URLs taken down"
    assert len([m for m in _to(complainant) if "processed" in m.subject]) == 1


@pytest.mark.django_db
def test_decisions_in_separate_transactions_are_separate_events(
    complaint, reviewer, seller, django_capture_on_commit_callbacks
):
    first, second, _third = items_of(complaint)
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            decisions.accept_item(item=first, actor=reviewer)
        with transaction.atomic():
            decisions.accept_item(item=second, actor=reviewer)
    notes = Notification.objects.filter(user=seller, kind="takedown_notice")
    assert notes.count() == 2
    assert {n.link for n in notes} == {
        reverse("reviews:seller_item", args=[first.pk]),
        reverse("reviews:seller_item", args=[second.pk]),
    }
    assert len(_to(seller)) == 2


@pytest.mark.django_db
def test_a_withdrawal_tells_each_seller_once_about_all_its_restored_listings(
    mixed_complaint, reviewer, seller, other_seller, complainant, django_capture_on_commit_callbacks
):
    for item in items_of(mixed_complaint):
        decisions.accept_item(item=item, actor=reviewer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_svc.withdraw_complaint(complaint=mixed_complaint, actor=complainant)
    [mine] = _to(seller)
    assert mine.subject == f"Listings restored: 3 of complaint #{mixed_complaint.pk}"
    [theirs] = _to(other_seller)
    assert theirs.subject == f"Listings restored: 2 of complaint #{mixed_complaint.pk}"
    assert Notification.objects.filter(user=seller, kind="listing_restored").count() == 1


@pytest.mark.django_db
def test_an_address_without_an_account_gets_one_email_per_subject_and_event(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for n in (1, 2):
            email_after_commit(
                "listing_restored",
                ["Notifier@Example.com", "notifier@example.com"],
                {**ITEM, "listing_title": f"Listing {n}", "outcome": "Withdrawn", "link": ""},
            )
    [email] = mail.outbox
    assert email.to == ["notifier@example.com"]
    assert "Listing 1" in email.body and "Listing 2" in email.body


@pytest.mark.django_db
def test_a_person_whose_contact_address_is_the_registered_one_gets_one_copy(
    rights_owner, django_capture_on_commit_callbacks
):
    rights_owner.contact_email = rights_owner.email.upper()
    rights_owner.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(rights_owner, "account_welcome", {})
    [email] = mail.outbox
    assert email.to == [rights_owner.email]


@pytest.mark.django_db
def test_a_rolled_back_event_leaves_nothing_and_the_next_one_starts_afresh(seller):
    with pytest.raises(RuntimeError), transaction.atomic():
        notify_user(seller, "takedown_notice", ITEM, category=Category.SELLER_NOTICES)
        raise RuntimeError
    with transaction.atomic():
        notify_user(seller, "takedown_notice", ITEM, category=Category.SELLER_NOTICES)
    [note] = Notification.objects.filter(user=seller)
    assert note.title.startswith("Takedown notice: “ACME sneaker copy”")
    assert OutboxMessage.objects.count() == 1


@pytest.mark.django_db
def test_writing_a_notification_renders_no_template(rights_owner, seller):
    """Filing throughput: the request writes a short line; the worker renders the email."""
    rendered: list[str] = []

    def note(sender, template, context, **kwargs):
        rendered.append(template.name)

    template_rendered.connect(note)
    try:
        with transaction.atomic():
            notify_user(
                rights_owner, "complaint_validated", {"complaint_id": 1, "valid": 1, "total": 2}
            )
            notify_user(seller, "takedown_notice", ITEM, category=Category.SELLER_NOTICES)
            notify_user(seller, "takedown_notice", ITEM, category=Category.SELLER_NOTICES)
    finally:
        template_rendered.disconnect(note)
    assert rendered == []
    assert Notification.objects.get(user=rights_owner).title == (
        "Complaint #1: 1 of 2 URLs filed, waiting for review"
    )


SAMPLE = {
    **ITEM,
    "valid": 3,
    "total": 5,
    "accepted": 3,
    "ipr_id": 4,
    "ipr_label": "ACME",
    "reason": "Expired",
    "items": [{"ipr_id": 4}],
    "what": "IPR term",
    "complainant_name": "Acme Brands Ltd",
    "ip_address": "203.0.113.7",
    "note": "Unsigned",
}


@pytest.mark.parametrize("template", sorted(KINDS))
def test_every_notification_line_is_short_and_never_greets(template):
    for count in (1, 3):
        line = line_of(template, SAMPLE, count)
        assert line and len(line) <= 160 and "Hello" not in line and "\n" not in line
        assert "%(" not in line


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("delivery", "emailed"), [("immediate", True), ("digest", False), ("off", False)]
)
def test_the_preference_decides_the_email_never_the_notification(
    rights_owner, delivery, emailed, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=rights_owner, category="decisions", delivery=delivery
    )
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(rights_owner, "ipr_authenticated", {"ipr_id": 4, "ipr_label": "ACME"})
    note = Notification.objects.get(user=rights_owner)
    assert note.title == "IPR #4 “ACME” is authenticated" and note.link == "/ipr/4/"
    assert note.category == "decisions" and note.email_delivery == delivery
    assert bool(mail.outbox) is emailed


@pytest.mark.django_db
def test_mandatory_notices_are_emailed_at_once_whatever_is_stored(
    seller, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(user=seller, category="seller_notices", delivery="off")
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(seller, "takedown_notice", ITEM, category=Category.SELLER_NOTICES)
    assert Notification.objects.get(user=seller).email_delivery == "immediate"
    assert len(mail.outbox) == 1
