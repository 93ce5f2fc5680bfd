"""A rights owner appeals a rejected URL; the reviewer who rejected it does not get it from the
Workbench's appeal queue; a second reviewer claims it and grants it with reasons; the rights owner
sees the URL taken down and the answer (also at phone width)."""

import pytest

from complaints import services as complaint_svc
from complaints.models import ItemStatus
from reviews.services import decisions
from tests import files
from tests.catalogue.factories import ListingFactory, SellerFactory
from tests.complaints.conftest import url_of
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory
from tests.files import proof_document
from tests.ipr.conftest import IPRFactory

pytestmark = [pytest.mark.e2e]


def _rejected_complaint(owner, reviewer, listing):
    trademark = IPRFactory(owner=owner, authenticated=True, mark_word="ACME", nice_classes=[25])
    data = complaint_svc.ComplaintInput(
        platform="taobao",
        ipr=trademark,
        reason="counterfeit",
        urls=url_of(listing),
        description="Counterfeit ACME sneakers sold with our logo.",
        evidence=[proof_document(owner, "side-by-side.png")],
    )
    complaint = complaint_svc.file_complaint(complainant=owner, data=data)
    complaint_svc.validate_complaint(complaint_id=complaint.pk)
    item = complaint.items.get()
    decisions.reject_item(
        item=item, actor=reviewer, reason="insufficient_proof", note="No photo of the product."
    )
    return complaint, item


def test_rights_owner_appeals_a_rejected_url_and_a_second_reviewer_reverses_it(
    browser, live_server, shot, tmp_path
):
    owner = UserFactory(
        email="brand@example.com",
        contact_email="ip@example.com",
        identity_approved=True,
        complainant_name="Acme Brands Ltd",
    )
    first = UserFactory(email="reviewer@example.com", reviewer=True)
    second = UserFactory(email="second@example.com", reviewer=True)
    seller = UserFactory(email="seller@example.com", seller=True)
    store = SellerFactory(platform="taobao", store_name="Bargain Shoes", account=seller)
    listing = ListingFactory(
        platform="taobao", seller=store, title="ACME runner sneaker", listing_id="670000000001"
    )
    complaint, item = _rejected_complaint(owner, first, listing)
    base = live_server.url

    # --- the rights owner appeals the rejected URL ----------------------------------------------
    own = signed_in_context(browser, live_server, owner).new_page()
    own.goto(f"{base}/complaints/{complaint.pk}/")
    assert "Insufficient proof" in own.inner_text("#items")
    shot(own, "owner-rejected-url")
    own.click(f"a.appeal-link[data-item='{item.pk}']")
    own.wait_for_selector("#appeal-form")
    assert "No photo of the product." in own.inner_text("#appeal-subject")
    photo = tmp_path / "test-purchase.png"
    photo.write_bytes(files.image_bytes())
    own.fill("#id_statement", "Our test purchase photo shows the forged ACME logo on the tongue.")
    own.set_input_files("#id_evidence_1", str(photo))
    shot(own, "owner-appeal-form")
    own.click("#appeal-button")
    own.wait_for_selector("#appeal-status")
    assert "Submitted" in own.inner_text("#appeal-status")
    shot(own, "owner-appeal-sent")

    # --- the reviewer who rejected it: the queue does not give it to them -----------------------
    rev1 = signed_in_context(browser, live_server, first).new_page()
    rev1.goto(f"{base}/review/")
    assert rev1.locator("tr[data-queue=appeals] .count").inner_text() == "1"
    shot(rev1, "first-reviewer-workbench")
    rev1.click("tr[data-queue=appeals] button:has-text('Claim next')")
    rev1.wait_for_selector("text=Nothing left to claim in this queue.")
    shot(rev1, "first-reviewer-nothing-to-claim")
    appeal = owner.appeals.get()
    rev1.goto(f"{base}/appeals/{appeal.pk}/review/")
    rev1.wait_for_selector("#own-decision")
    assert rev1.locator("#decide-form").count() == 0
    shot(rev1, "first-reviewer-own-decision")

    # --- a second reviewer claims it and grants it with reasons ---------------------------------
    rev2 = signed_in_context(browser, live_server, second).new_page()
    rev2.goto(f"{base}/review/")
    rev2.click("tr[data-queue=appeals] button:has-text('Claim next')")
    rev2.wait_for_selector("#decide-form")
    assert "reviewer@example.com" in rev2.inner_text("#first-decider")
    assert "forged ACME logo" in rev2.inner_text("#appeal-statement")
    assert "test-purchase.png" in rev2.inner_text("#appeal-statement")
    assert "Claimed by second@example.com" in rev2.inner_text("#appeal-holder")
    shot(rev2, "second-reviewer-appeal")
    rev2.check("input[name=decision][value=grant]")
    rev2.select_option("#id_reason", "new_evidence")
    rev2.fill("#id_answer", "The test purchase photo proves the logo is forged: taken down.")
    rev2.click("#decide-button")
    rev2.wait_for_selector("#appeal-answer")
    assert "Granted" in rev2.inner_text("#appeal-status")
    shot(rev2, "second-reviewer-granted")

    # --- the rights owner sees the URL taken down and the answer --------------------------------
    own.goto(f"{base}/appeals/")
    assert "Granted" in own.inner_text("#appeals")
    shot(own, "owner-my-appeals")
    own.goto(f"{base}/appeals/{appeal.pk}/")
    assert "The test purchase photo proves" in own.inner_text("#answer-text")
    assert "Accepted: listing taken down" in own.inner_text("#subject-status")
    shot(own, "owner-appeal-answer")
    own.goto(f"{base}/complaints/{complaint.pk}/")
    assert "Accepted: listing taken down" in own.inner_text("#items")
    shot(own, "owner-url-taken-down")
    item.refresh_from_db()
    listing.refresh_from_db()
    assert item.status == ItemStatus.ACCEPTED and listing.status == "taken_down"

    # --- phone width ----------------------------------------------------------------------------
    own.set_viewport_size({"width": 390, "height": 844})
    own.goto(f"{base}/appeals/{appeal.pk}/")
    assert own.evaluate("document.documentElement.scrollWidth") <= 390
    shot(own, "owner-appeal-answer-phone")
    own.goto(f"{base}/appeals/")
    assert own.evaluate("document.documentElement.scrollWidth") <= 390
    shot(own, "owner-my-appeals-phone")
    rev2.set_viewport_size({"width": 390, "height": 844})
    rev2.goto(f"{base}/appeals/{appeal.pk}/review/")
    assert rev2.evaluate("document.documentElement.scrollWidth") <= 390
    shot(rev2, "second-reviewer-appeal-phone")
