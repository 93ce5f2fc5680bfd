"""Owners' and sellers' pages in real Chromium, at a desktop and a phone width: the owner removes
the invalid lines, is refused without the proof counterfeit requires, files with it and saves a
Manage Complaints filter; the seller opens its taken-down listing and reads everything it needs
(reason, IPR registration, description, proof, time left) above the counter-notice form."""

import pytest

from complaints import services as complaint_svc
from complaints.models import Complaint, SavedFilter
from reviews.services import decisions
from tests.catalogue.factories import ListingFactory, SellerFactory
from tests.complaints.conftest import url_of
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory
from tests.files import image_bytes, proof_document
from tests.ipr.conftest import IPRFactory

pytestmark = [pytest.mark.e2e]
WIDTHS = [1280, 390]
RED = "rgb(185, 28, 28)"  # --err


def _owner():
    owner = UserFactory(
        email="brand@example.com",
        contact_email="ip@example.com",
        identity_approved=True,
        complainant_name="Acme Brands Ltd",
    )
    trademark = IPRFactory(
        owner=owner,
        authenticated=True,
        mark_word="ACME",
        number="TM-30012345",
        right_owner_name="Acme Brands Ltd",
        office="CNIPA",
        nice_classes=[25],
    )
    return owner, trademark


@pytest.mark.parametrize("width", WIDTHS)
def test_owner_removes_bad_lines_needs_counterfeit_proof_files_and_saves_a_filter(
    browser, live_server, shot, tmp_path, width
):
    owner, trademark = _owner()
    good = [
        ListingFactory(platform="taobao", listing_id=str(651_000_000_000 + n)) for n in range(3)
    ]
    bad = ["https://www.taobao-sale.com/item.htm?id=1", "https://s.taobao.com/search?q=acme"]
    page = signed_in_context(browser, live_server, owner).new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/complaints/new/")
    page.check("input[name=platform][value=taobao]")
    page.select_option("#id_ipr", str(trademark.pk))
    page.select_option("#id_reason", "counterfeit")
    assert page.is_visible("#proof-box")
    assert page.inner_text("#proof-box li.proof-required .proof-tag").lower() == "required"
    lines = [url_of(good[0]), bad[0], url_of(good[1]), bad[1], url_of(good[2])]
    page.fill("#id_urls", "\n".join(lines))
    page.fill("#id_description", "Fake ACME sneakers with our logo.")
    page.wait_for_selector("#url-results .url-line.bad")
    shot(page, f"{width}-bad-lines-and-proof-checklist")

    page.click("#drop-invalid")  # in place, by the script
    page.wait_for_selector("#removed-lines li")
    assert "2 invalid lines were removed" in page.inner_text("#removed-lines")
    assert page.input_value("#id_urls") == "\n".join(url_of(x) for x in good)
    page.wait_for_function(
        "() => document.querySelectorAll('#url-results .url-line.good').length === 3"
    )
    assert page.url.endswith("/complaints/new/")  # nothing was sent
    shot(page, f"{width}-invalid-lines-removed")

    page.click("button[value=submit]")
    page.wait_for_selector("text=needs proof before it is filed")
    assert Complaint.objects.count() == 0
    assert page.input_value("#id_urls") == "\n".join(url_of(x) for x in good)
    assert page.input_value("#id_description") == "Fake ACME sneakers with our logo."
    shot(page, f"{width}-refused-without-proof")

    proof = tmp_path / "side-by-side.png"
    proof.write_bytes(image_bytes())
    page.set_input_files("#id_evidence_1", str(proof))
    page.click("button[value=submit]")
    page.wait_for_selector("#complaint-status")
    complaint = Complaint.objects.get()
    assert complaint.url_count == 3 and complaint.evidence.count() == 1
    shot(page, f"{width}-filed-with-proof")

    page.goto(f"{live_server.url}/complaints/?platform=taobao&reason=counterfeit")
    page.fill("#save-filter-form input[name=name]", "Taobao fakes")
    page.click("#save-filter-form button")
    page.wait_for_selector("text=Filter \u201cTaobao fakes\u201d saved.")
    saved = SavedFilter.objects.get(owner=owner)
    assert saved.query == "platform=taobao&reason=counterfeit"
    page.goto(f"{live_server.url}/complaints/?platform=lazada")
    assert f"#{complaint.pk}" not in page.inner_text("#complaints")
    page.click(f"[data-saved-filter='{saved.pk}']")
    page.wait_for_url("**/complaints/?platform=taobao&reason=counterfeit")
    assert page.input_value("#id_reason") == "counterfeit"
    assert f"#{complaint.pk}" in page.inner_text("#complaints tbody tr")
    assert "All" in page.inner_text("#complaint-totals")
    shot(page, f"{width}-saved-filter-picked")

    if width == WIDTHS[0]:  # the same button without the script: the server does it
        plain = signed_in_context(browser, live_server, owner, java_script_enabled=False)
        page = plain.new_page()
        page.goto(f"{live_server.url}/complaints/new/")
        page.fill("#id_urls", "\n".join([url_of(good[0]), bad[0]]))
        page.click("#drop-invalid")
        page.wait_for_selector("#removed-lines")
        assert "1 invalid line was removed" in page.inner_text("#removed-lines")
        assert page.input_value("#id_urls") == url_of(good[0])
        shot(page, f"{width}-invalid-lines-removed-without-script")


@pytest.mark.parametrize("width", WIDTHS)
def test_seller_reads_reason_registration_description_proof_and_time_left(
    browser, live_server, shot, width
):
    owner, trademark = _owner()
    reviewer = UserFactory(email="reviewer@example.com", reviewer=True)
    seller = UserFactory(email="seller@example.com", seller=True)
    store = SellerFactory(platform="taobao", store_name="Bargain Shoes", account=seller)
    listing = ListingFactory(
        platform="taobao", listing_id="652000000001", seller=store, title="ACME sneaker copy"
    )
    data = complaint_svc.ComplaintInput(
        platform="taobao",
        ipr=trademark,
        reason="counterfeit",
        urls=url_of(listing),
        description="Fake ACME sneakers with our logo on the tongue.",
        evidence=[proof_document(owner, "side-by-side.png")],
    )
    complaint = complaint_svc.file_complaint(complainant=owner, data=data)
    complaint_svc.validate_complaint(complaint_id=complaint.pk)
    item = complaint.items.get()
    decisions.accept_item(item=item, actor=reviewer)

    page = signed_in_context(browser, live_server, seller).new_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/review/seller/")
    assert "working days left" in page.inner_text("#seller-items")
    badge = page.locator("#seller-items .status").first
    assert badge.inner_text() == "Listing taken down"
    assert badge.evaluate("(el) => getComputedStyle(el).color") == RED
    shot(page, f"{width}-seller-home")

    page.click(f"tr[data-item='{item.pk}'] a")
    page.wait_for_selector("#counter-notice-form")
    assert "Counterfeit" in page.inner_text("#notice-reason")
    assert "with our logo on the tongue" in page.inner_text("#notice-description")
    assert "side-by-side.png" in page.inner_text("#notice-proof")
    registration = page.inner_text("#notice-ipr")
    assert "TM-30012345" in registration and "CNIPA" in registration and "25" in registration
    contact = page.inner_text("#complainant-contact")
    assert "Acme Brands Ltd" in contact and "ip@example.com" in contact
    assert "brand@example.com" not in page.content()
    assert "3 working days left" in page.inner_text("#seller-deadline")
    badge = page.locator("#item-status")
    assert badge.evaluate("(el) => getComputedStyle(el).color") == RED
    above = page.evaluate(
        "() => document.querySelector('#notice-ipr').getBoundingClientRect().top"
        " < document.querySelector('#counter-notice-form').getBoundingClientRect().top"
    )
    assert above
    shot(page, f"{width}-seller-item")

    page.check("input[name=grounds][value=genuine_goods]")
    page.fill("#id_statement", "Bought from the official distributor; invoice attached.")
    page.click("#send-counter-notice")
    page.wait_for_selector("text=Counter-notice sent.")

    owner_page = signed_in_context(browser, live_server, owner).new_page()
    owner_page.set_viewport_size({"width": width, "height": 900})
    owner_page.goto(f"{live_server.url}/complaints/")
    action = owner_page.inner_text(f"#complaints tr:has(a[href='/complaints/{complaint.pk}/'])")
    assert "1 counter-notice to answer" in action and "3 working days left" in action
    shot(owner_page, f"{width}-owner-action-needed")
