"""A seller's second counter-notice chance, in three browsers: the first counter-notice was
rejected by the platform (the takedown final, points recorded, chance 2 of 3 opened); the seller
sends a second one with new evidence, the rights owner maintains the complaint, a reviewer
accepts the counter-notice, and the listing is restored with its points reversed. Screenshots at
1280 px and the seller's page at 390 px."""

import pytest

from catalogue.models import ListingStatus
from complaints import services as complaint_svc
from complaints.models import ItemStatus
from reviews.models import PenaltyEntry
from reviews.services import counter_notices as cn
from reviews.services import decisions
from tests.catalogue.factories import ListingFactory, SellerFactory
from tests.complaints.conftest import url_of
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory
from tests.files import pdf_bytes, proof_document
from tests.ipr.conftest import IPRFactory

pytestmark = [pytest.mark.e2e]


def _first_chance_lost():
    owner = UserFactory(
        email="brand@example.com",
        contact_email="ip@example.com",
        identity_approved=True,
        complainant_name="Acme Brands Ltd",
    )
    reviewer = UserFactory(email="reviewer@example.com", reviewer=True)
    seller = UserFactory(email="seller@example.com", seller=True)
    store = SellerFactory(platform="taobao", store_name="Bargain Shoes", account=seller)
    listing = ListingFactory(
        platform="taobao",
        seller=store,
        title="ACME runner sneaker",
        category="Shoes",
        listing_id="670000000001",
    )
    trademark = IPRFactory(owner=owner, authenticated=True, mark_word="ACME", nice_classes=[25])
    complaint = complaint_svc.file_complaint(
        complainant=owner,
        data=complaint_svc.ComplaintInput(
            platform="taobao",
            ipr=trademark,
            reason="counterfeit",
            urls=url_of(listing),
            description="Counterfeit ACME sneakers sold with our logo.",
            evidence=[proof_document(owner, "side-by-side.png")],
        ),
    )
    complaint_svc.validate_complaint(complaint_id=complaint.pk)
    item = complaint.items.get()
    decisions.accept_item(item=item, actor=reviewer)
    first = cn.submit_counter_notice(
        item=item,
        actor=seller,
        data=cn.CounterNoticeInput(grounds="genuine_goods", statement="Bought from a wholesaler."),
    )
    cn.maintain_complaint(
        counter_notice=first, actor=owner, statement="No invoice was given.", evidence=[]
    )
    cn.decide_counter_notice(
        counter_notice=first, actor=reviewer, accept=False, note="No proof of a genuine source."
    )
    item.refresh_from_db()
    assert item.status == ItemStatus.UPHELD
    return owner, reviewer, seller, item


def test_seller_wins_with_its_second_chance(browser, live_server, shot, tmp_path):
    owner, reviewer, seller, item = _first_chance_lost()
    base = live_server.url
    assert sum(PenaltyEntry.objects.values_list("points", flat=True)) == 6
    invoice = tmp_path / "distributor-invoice.pdf"
    invoice.write_bytes(pdf_bytes())

    # --- seller: chance 2 of 3, with new evidence ----------------------------------------------
    sel = signed_in_context(browser, live_server, seller).new_page()
    sel.goto(f"{base}/review/seller/")
    row = sel.inner_text(f"tr[data-item='{item.pk}']")
    assert "chance 2" in row
    shot(sel, "seller-list-second-chance")
    sel.click(f"tr[data-item='{item.pk}'] a:has-text('Respond')")
    sel.wait_for_selector("#counter-notice-form")
    line = sel.inner_text("#chance-line")
    assert line.startswith("Chance 2 of 3, due ") and "1 further chance after this one" in line
    assert "Rejected by the platform" in sel.inner_text("#counter-notice-rounds")
    shot(sel, "seller-second-chance")
    sel.check("input[name=grounds][value=genuine_goods]")
    sel.fill("#id_statement", "Attached: the authorized distributor's invoice for this batch.")
    sel.set_input_files("#id_evidence_1", str(invoice))
    shot(sel, "seller-second-chance-form")
    sel.click("#send-counter-notice")
    sel.wait_for_selector("text=Counter-notice sent")
    assert "Waiting for the complainant" in sel.inner_text("#counter-notice-rounds")
    shot(sel, "seller-second-chance-sent")
    second = item.counter_notices.get(round=2)
    assert second.evidence.count() == 1

    # --- rights owner: sees both rounds, maintains -----------------------------------------------
    own = signed_in_context(browser, live_server, owner).new_page()
    own.goto(f"{base}/complaints/{item.complaint_id}/")
    assert own.locator("#items .counter-notice-round").count() == 2
    shot(own, "owner-both-rounds")
    own.click("#items a:has-text('chance 2')")
    own.wait_for_selector("#answer-box")
    assert "Chance 2 of 3" in own.inner_text("#notice-round")
    assert "distributor-invoice.pdf" in own.inner_text("main")
    shot(own, "owner-second-counter-notice")
    own.click("#maintain-link")
    own.fill("#id_statement", "The invoice does not name this listing's goods.")
    own.click("#maintain-button")
    own.wait_for_selector("text=Complaint maintained")

    # --- reviewer: accepts the second counter-notice ---------------------------------------------
    rev = signed_in_context(browser, live_server, reviewer).new_page()
    rev.goto(f"{base}/review/counter-notices/{second.pk}/")
    rev.wait_for_selector("#decide-form")
    assert "chance 1" in rev.inner_text("#notice-round")  # the earlier round is linked
    rev.check("input[name=decision][value=accept]")
    rev.fill("#id_note", "The invoice matches the batch and the distributor is authorized.")
    shot(rev, "reviewer-second-counter-notice")
    rev.click("#decide-button")
    rev.wait_for_selector("text=Decision recorded")
    assert "Accepted by the platform" in rev.inner_text("#notice-status")

    # --- the listing is back, the points reversed ----------------------------------------------
    item.refresh_from_db()
    assert (item.status, item.outcome) == (ItemStatus.RESTORED, "platform_accepted")
    assert item.catalogue_listing.status == ListingStatus.RESTORED
    assert sum(PenaltyEntry.objects.values_list("points", flat=True)) == 0
    sel.goto(f"{base}/review/seller/items/{item.pk}/")
    assert "Listing restored" in sel.inner_text("#item-status")
    assert "Accepted by the platform" in sel.inner_text("#counter-notice-rounds")
    shot(sel, "seller-restored")
    sel.set_viewport_size({"width": 390, "height": 844})
    sel.reload()
    shot(sel, "seller-restored-390")
    sel.goto(f"{base}/complaints/{item.complaint_id}/")
    timeline = sel.inner_text(".timeline")
    assert "chance 2 of 3" in timeline
    shot(sel, "seller-timeline")
