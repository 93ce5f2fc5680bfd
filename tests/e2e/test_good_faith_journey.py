"""A rights owner with a record of accurate notices reaches the good-faith tier: the daily task
runs, the owner sees the tier and its figures on "Your accuracy" (also at phone width), files a
counterfeit complaint with the lighter checklist, and a reviewer's complaints queue shows that
complaint first, before older complaints of other notifiers, with each notifier's rates."""

import datetime

import pytest
from django.utils import timezone

from complaints import services as complaint_svc
from complaints.models import Complaint, QueuePriority
from complaints.tasks import refresh_notifier_standings
from tests.catalogue.factories import ListingFactory
from tests.complaints.conftest import url_of
from tests.complaints.standing_factories import ComplaintFactory, record
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory
from tests.ipr.conftest import IPRFactory

pytestmark = [pytest.mark.e2e]


def test_accurate_owner_joins_the_tier_and_its_complaint_is_queued_first(
    browser, live_server, shot
):
    owner = UserFactory(
        email="brand@example.com", identity_approved=True, complainant_name="Acme Brands Ltd"
    )
    trademark = IPRFactory(owner=owner, authenticated=True, mark_word="ACME")
    reviewer = UserFactory(email="reviewer@example.com", reviewer=True)
    # The record: 48 of 50 decided URLs taken down, one takedown overturned, over two reasons.
    week = datetime.timedelta(days=7)
    record(owner, taken_down=29, rejected=1, overturned=1, decided_at=timezone.now() - 4 * week)
    record(owner, reason="trademark_unauthorized_use", taken_down=18, rejected=1)
    # Another notifier, less accurate, with two complaints already waiting for review.
    other = UserFactory(email="other@example.com", identity_approved=True)
    record(other, taken_down=12, rejected=10)
    waiting = [
        ComplaintFactory(
            complainant=other, queued=True, submitted_at=timezone.now() - datetime.timedelta(days=d)
        )
        for d in (3, 2)
    ]

    assert refresh_notifier_standings() == 2
    base = live_server.url

    # --- the owner sees its tier and figures ----------------------------------------------------
    context = signed_in_context(browser, live_server, owner)
    page = context.new_page()
    page.goto(f"{base}/complaints/accuracy/")
    assert page.inner_text("#tier-badge") == "Good-faith notifier"
    assert page.inner_text("#takedown-rate") == "96.0%"  # 48 of 50
    assert page.inner_text("#overturned-rate") == "2.1%"  # 1 of 48
    assert page.locator("#reason-figures tbody tr").count() == 2
    assert page.locator("#by-reason svg.bars rect").count() == 3  # all reasons + two
    shot(page, "owner-accuracy-good-faith")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    browser.check_accessibility(page)
    shot(page, "owner-accuracy-phone")
    page.set_viewport_size({"width": 1280, "height": 900})

    # --- it files a counterfeit complaint with the lighter checklist (no proof attached) ---------
    listings = [
        ListingFactory(platform="taobao", listing_id=str(690_000_000_000 + n)) for n in range(2)
    ]
    page.goto(f"{base}/complaints/new/")
    page.check("input[name=platform][value=taobao]")
    page.select_option("#id_ipr", str(trademark.pk))
    page.select_option("#id_reason", "counterfeit")
    assert page.locator("#good-faith-proof").is_visible()
    page.fill("#id_urls", "\n".join(url_of(x) for x in listings))
    page.wait_for_function(
        "() => document.querySelectorAll('#url-results .url-line.good').length === 2"
    )
    shot(page, "owner-files-with-lighter-checklist")
    page.click("button[value=submit]")
    page.wait_for_selector("#complaint-status")
    mine = Complaint.objects.get(complainant=owner, status__in=["validating", "submitted"])
    assert mine.priority == QueuePriority.GOOD_FAITH
    complaint_svc.validate_complaint(complaint_id=mine.pk)  # what the worker does; idempotent
    shot(page, "owner-complaint-filed")

    # --- the reviewer's queue: the member's complaint first, with the notifiers' rates ----------
    rev = signed_in_context(browser, live_server, reviewer).new_page()
    rev.goto(f"{base}/review/queue/complaints/")
    rows = rev.locator("#queue-items tbody tr")
    assert rows.count() == 3
    assert rows.nth(0).get_attribute("data-pk") == str(mine.pk)
    assert [rows.nth(i).get_attribute("data-pk") for i in (1, 2)] == [str(c.pk) for c in waiting]
    first = rows.nth(0).inner_text()
    assert "Good-faith notifier" in first and "Taken down 96.0%" in first
    assert "Taken down 54.5%" in rows.nth(1).inner_text()  # 12 of 22
    shot(rev, "reviewer-queue-member-first")
    rev.click("#queue-items tbody tr:first-child button:has-text('Claim')")
    rev.wait_for_selector("#notifier-accuracy")
    assert "Good-faith notifier" in rev.inner_text("#notifier-accuracy")
    shot(rev, "reviewer-complaint-notifier-figures")
