"""Reviewing at scale in real Chromium: a 200-URL complaint against two stores decided in a
handful of actions. The reviewer filters to one seller, rejects all of its URLs with one reason,
accepts the rest, undoes one takedown in place (no reload) and accepts it again with the keyboard
(j, x, a). Every user action is counted; screenshots at 1280 and 390 px."""

import pytest

from catalogue.models import Listing, ListingStatus
from complaints import services as complaint_svc
from complaints.models import ComplaintStatus, ItemStatus
from core.models import Notification
from tests.catalogue.factories import ListingFactory, SellerFactory
from tests.complaints.conftest import url_of
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory
from tests.ipr.conftest import IPRFactory

pytestmark = [pytest.mark.e2e]

# The elements that stick out of a phone's screen (for the failure message).
WIDER_THAN_SCREEN = """() => [...document.querySelectorAll('body *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .slice(0, 8).map(e => e.tagName + '#' + e.id + '.' + e.className + ' '
  + Math.round(e.getBoundingClientRect().right))"""


def _listings(store, n, start, category, title):
    return [
        ListingFactory(
            platform="taobao",
            seller=store,
            listing_id=str(start + i),
            title=f"{title} {i}",
            category=category,
        )
        for i in range(n)
    ]


def _big_complaint(owner, listings):
    trademark = IPRFactory(owner=owner, authenticated=True, mark_word="ACME", nice_classes=[25])
    data = complaint_svc.ComplaintInput(
        platform="taobao",
        ipr=trademark,
        reason="trademark_unauthorized_use",
        urls="\n".join(url_of(x) for x in listings),
        description="ACME used in the titles of other brands' shoes.",
    )
    complaint = complaint_svc.file_complaint(complainant=owner, data=data)
    complaint_svc.validate_complaint(complaint_id=complaint.pk)
    complaint.refresh_from_db()
    return complaint


def test_reviewer_decides_a_200_url_complaint_in_a_handful_of_actions(browser, live_server, shot):
    owner = UserFactory(
        email="brand@example.com",
        contact_email="ip@example.com",
        identity_approved=True,
        complainant_name="Acme Brands Ltd",
    )
    reviewer = UserFactory(email="reviewer@example.com", reviewer=True)
    shoes_seller = UserFactory(email="shoes@example.com", seller=True)
    shoes = SellerFactory(platform="taobao", store_name="Sneaker Town", account=shoes_seller)
    charms = SellerFactory(platform="taobao", store_name="Lucky Charms Shop")
    listings = _listings(shoes, 120, 680_000_000_000, "Shoes", "ACME-style runner") + _listings(
        charms, 80, 681_000_000_000, "Jewelry", "Silver charm"
    )
    complaint = _big_complaint(owner, listings)
    assert complaint.items.filter(status=ItemStatus.VALID).count() == 200
    url = f"{live_server.url}/review/complaints/{complaint.pk}/"

    page = signed_in_context(browser, live_server, reviewer).new_page()
    page.goto(url)
    assert "All 200 URLs awaiting a decision" in page.inner_text("#selection-bar")
    assert page.locator("#review-items tbody tr").count() == 50  # paged: the page stays usable
    shot(page, "review-200-urls")
    actions = 0

    # 1-4: filter to the jewelry store, select all of its URLs, one reason, reject.
    page.select_option("#id_seller", label="Lucky Charms Shop (80)")  # filters on change
    actions += 1
    page.wait_for_url("**seller=*")
    assert "All 80 URLs awaiting a decision that match the filter" in page.inner_text(
        "#selection-bar"
    )
    page.check("#select-matching")
    page.select_option("#bulk-reason", "ipr_mismatch")
    page.fill("#bulk-note", "Class 25 mark; these are jewelry.")
    actions += 3
    shot(page, "review-seller-selected")
    page.click("#reject-selection")
    actions += 1
    page.wait_for_selector("text=80 URLs rejected.")
    assert "seller=" in page.url and page.url.endswith("#urls")  # back to the same place
    assert complaint.items.filter(status=ItemStatus.REJECTED).count() == 80

    # 6-8: clear the filter, select everything still open, accept.
    page.click("#item-filters a:has-text('Clear')")
    page.check("#select-matching")
    actions += 2
    assert "120 selected" in page.inner_text("#selected-count")
    page.click("#accept-selection")
    actions += 1
    page.wait_for_selector("text=120 URLs accepted")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.PROCESSED
    shoe_ids = [listing.pk for listing in listings[:120]]
    assert not Listing.objects.filter(pk__in=shoe_ids).exclude(status=ListingStatus.TAKEN_DOWN)
    # One takedown notice for the seller's 120 listings, not 120.
    assert Notification.objects.filter(user=shoes_seller, kind="takedown_notice_batch").count() == 1
    shot(page, "review-decided")

    # 9: undo the first takedown, in place: no reload, the row is open again.
    page.evaluate("window.stillHere = true")
    first = complaint.items.get(line=1)
    page.click(f"tr[data-item='{first.pk}'] button[data-undo]")
    actions += 1
    page.wait_for_selector(f"tr[data-item='{first.pk}'] input[name=items]")
    assert page.evaluate("window.stillHere") is True
    assert "undone" in page.inner_text("#bulk-message")
    first.refresh_from_db()
    assert first.status == ItemStatus.VALID
    assert first.catalogue_listing.status == ListingStatus.RESTORED
    assert "Under review" in page.inner_text("#complaint-status")
    shot(page, "review-undone-in-place")

    # 10-12: the keyboard: ? shows the help; j to the first row, x selects it, a accepts it.
    page.keyboard.press("?")
    assert page.locator("#shortcut-help").is_visible()
    shot(page, "review-shortcut-help")
    page.keyboard.press("Escape")
    page.focus("#bulk-note")
    page.keyboard.type("jxa")  # typing in a field triggers nothing
    assert page.input_value("#bulk-note") == "jxa"
    page.fill("#bulk-note", "")
    page.locator("h1").click()
    for key in "jxa":
        page.keyboard.press(key)
    actions += 3
    page.wait_for_selector(f"tr[data-item='{first.pk}'] .status-accepted")
    assert page.evaluate("window.stillHere") is True
    first.refresh_from_db()
    assert first.status == ItemStatus.ACCEPTED
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.PROCESSED
    assert "Processed" in page.inner_text("#complaint-status")

    # 200 URLs decided, one takedown undone and redone: a dozen actions, no confirmation pages.
    assert actions <= 12, actions
    shot(page, "review-keyboard-accepted")
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    shot(page, "review-phone")
    wider = page.evaluate(WIDER_THAN_SCREEN)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, wider
