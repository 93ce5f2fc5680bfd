"""The review loop in three browsers: a reviewer accepts two URLs and rejects one, the seller
counter-notifies on one, the rights owner maintains, the reviewer rejects the counter-notice, the
other listing's window runs out, and the points land on the seller."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from complaints import services as complaint_svc
from complaints.models import ItemStatus
from reviews.models import PenaltyEntry
from reviews.tasks import apply_due_deadlines
from tests.catalogue.factories import ListingFactory, SellerFactory
from tests.complaints.conftest import url_of
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory
from tests.files import proof_document
from tests.ipr.conftest import IPRFactory

pytestmark = [pytest.mark.e2e]


def _complaint(owner, listings):
    trademark = IPRFactory(owner=owner, authenticated=True, mark_word="ACME", nice_classes=[25])
    data = complaint_svc.ComplaintInput(
        platform="taobao",
        ipr=trademark,
        reason="counterfeit",
        urls="\n".join(url_of(x) for x in listings),
        description="Counterfeit ACME sneakers sold with our logo.",
        evidence=[proof_document(owner, "side-by-side.png")],
    )
    complaint = complaint_svc.file_complaint(complainant=owner, data=data)
    complaint_svc.validate_complaint(complaint_id=complaint.pk)
    return complaint


def test_review_takedown_counter_notice_and_points(browser, live_server, shot):
    owner = UserFactory(
        email="brand@example.com",
        contact_email="ip@example.com",
        identity_approved=True,
        complainant_name="Acme Brands Ltd",
    )
    reviewer = UserFactory(email="reviewer@example.com", reviewer=True)
    seller = UserFactory(email="seller@example.com", seller=True)
    store = SellerFactory(platform="taobao", store_name="Bargain Shoes", account=seller)
    listings = [
        ListingFactory(
            platform="taobao",
            seller=store,
            title=title,
            category=category,
            listing_id=str(660_000_000_000 + n),
        )
        for n, (title, category) in enumerate(
            [
                ("ACME runner sneaker", "Shoes"),
                ("ACME logo hoodie", "Apparel"),
                ("Silver pendant", "Jewelry"),
            ]
        )
    ]
    complaint = _complaint(owner, listings)
    base = live_server.url

    # --- reviewer: workbench, claim next, decide each URL ---------------------------------------
    rev = signed_in_context(browser, live_server, reviewer).new_page()
    rev.goto(f"{base}/review/")
    assert rev.locator("tr[data-queue=complaints] .count").inner_text() == "1"
    shot(rev, "reviewer-workbench")
    rev.click("tr[data-queue=complaints] button:has-text('Claim next')")
    rev.wait_for_selector("#review-items")
    assert "Claimed by reviewer@example.com" in rev.inner_text("#claim-holder")
    assert "Jewelry" in rev.inner_text("tr[data-line='3']")
    shot(rev, "reviewer-complaint-claimed")
    # Select the two shoe listings, accept them; then the pendant, reject it with a reason.
    rev.check("tr[data-line='1'] input[name=items]")
    rev.check("tr[data-line='2'] input[name=items]")
    rev.click("#accept-selection")
    rev.wait_for_selector("tr[data-line='1'] .status-accepted")
    rev.wait_for_selector("tr[data-line='2'] .status-accepted")
    rev.check("tr[data-line='3'] input[name=items]")
    rev.select_option("#bulk-reason", "ipr_mismatch")
    rev.fill("#bulk-note", "Trademark class 25 (clothing); the listing is jewelry.")
    rev.click("#reject-selection")
    rev.wait_for_selector("tr[data-line='3'] .status-rejected")
    assert "Processed" in rev.inner_text("#complaint-status")
    shot(rev, "reviewer-decided")

    # --- seller: sees the takedowns, counter-notifies on the first ------------------------------
    sel = signed_in_context(browser, live_server, seller).new_page()
    sel.goto(f"{base}/review/seller/")
    assert sel.locator("#seller-items tbody tr").count() == 2
    assert "ip@example.com" in sel.inner_text("#seller-items")
    assert "brand@example.com" not in sel.content().replace("seller@example.com", "")
    shot(sel, "seller-takedowns")
    first = complaint.items.get(line=1)
    sel.click(f"tr[data-item='{first.pk}'] a:has-text('Respond')")
    sel.wait_for_selector("#counter-notice-form")
    sel.check("input[name=grounds][value=genuine_goods]")
    sel.fill("#id_statement", "These sneakers were bought from ACME's authorized distributor.")
    shot(sel, "seller-counter-notice-form")
    sel.click("#send-counter-notice")
    sel.wait_for_selector("text=Counter-notice sent")
    shot(sel, "seller-counter-notice-sent")

    # --- rights owner: sees each decision, maintains the complaint ------------------------------
    own = signed_in_context(browser, live_server, owner).new_page()
    own.goto(f"{base}/complaints/{complaint.pk}/")
    assert "does not match the listing" in own.inner_text("#items")
    shot(own, "owner-decisions")
    own.click("#items a[href*='/review/counter-notices/']")
    own.wait_for_selector("#answer-box")
    shot(own, "owner-counter-notice")
    own.click("#maintain-link")
    own.fill("#id_statement", "Our test purchase shows fake stitching and a forged logo.")
    own.click("#maintain-button")
    own.wait_for_selector("text=Complaint maintained")
    shot(own, "owner-maintained")

    # --- reviewer: rejects the counter-notice ---------------------------------------------------
    rev.goto(f"{base}/review/")
    assert rev.locator("tr[data-queue=counter_notices] .count").inner_text() == "1"
    rev.click("tr[data-queue=counter_notices] a:has-text('Open queue')")
    rev.click("#queue-items a:has-text('View'), #queue-items button:has-text('Claim')")
    rev.wait_for_selector("#decide-form")
    rev.check("input[name=decision][value=reject]")
    rev.fill(
        "#id_note",
        "The test purchase shows a counterfeit; the distributor invoice is for other goods.",
    )
    shot(rev, "reviewer-counter-notice")
    rev.click("#decide-button")
    rev.wait_for_selector("text=Decision recorded")
    assert "Rejected by the platform" in rev.inner_text("#notice-status")

    # --- the second listing's window runs out ---------------------------------------------------
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8), tick=False):
        assert apply_due_deadlines() == 1
    second = complaint.items.get(line=2)
    assert second.status == ItemStatus.UPHELD and second.outcome == "seller_silent"
    assert complaint.items.get(line=1).status == ItemStatus.UPHELD
    assert sum(PenaltyEntry.objects.values_list("points", flat=True)) == 6

    # --- everyone's final view ------------------------------------------------------------------
    sel.goto(f"{base}/review/seller/")
    assert sel.inner_text("#points .points-total") == "6"
    assert "Warning" in sel.inner_text("#points")
    shot(sel, "seller-points")
    own.goto(f"{base}/complaints/{complaint.pk}/")
    assert "Closed" in own.inner_text("#complaint-status")
    shot(own, "owner-final")
    sel.goto(f"{base}/complaints/{complaint.pk}/")
    assert "Silver pendant" not in sel.inner_text("#items")
    assert "jewelry" not in sel.inner_text(".timeline")
    shot(sel, "seller-timeline")
    rev.goto(f"{base}/review/complaints/{complaint.pk}/")
    shot(rev, "reviewer-final")
