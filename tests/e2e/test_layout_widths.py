"""Every role's main pages at a desktop width (1280 px) and a phone's (390 px): on the phone nothing
scrolls sideways, the main menu folds behind a menu button that opens and closes it, and list
tables become stacked rows. Each page is also checked by axe-core at both widths (conftest.py).
Screenshots: test-artifacts/test_main_pages_fit_the_width[chromium-<role>-<width>]/."""

import pytest

from complaints import services as complaint_svc
from reviews.services.decisions import accept_item
from reviews.services.workbench import claim_next_item
from tests.catalogue.factories import ListingFactory, SellerFactory
from tests.complaints.conftest import url_of
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory
from tests.files import proof_document
from tests.ipr.conftest import IPRFactory

pytestmark = [pytest.mark.e2e]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

PAGES = {
    "owner": [
        ("home", "/"),
        ("manage-complaints", "/complaints/"),
        ("complaint-detail", "/complaints/{complaint}/"),
        ("ipr-list", "/ipr/"),
        ("submit-complaint", "/complaints/new/"),
        ("notifications", "/notifications/"),
        ("account", "/account/"),
        ("account-security", "/account/security/"),
        ("identity", "/account/identity/"),
        ("not-found", "/no-such-page/"),
    ],
    "reviewer": [
        ("workbench", "/review/"),
        ("review-complaint", "/review/complaints/{complaint}/"),
        ("complaint-queue", "/review/queue/complaints/"),
        ("ipr-queue", "/ipr/review/"),
        ("identity-queue", "/staff/identity/"),
    ],
    "seller": [
        ("seller-home", "/review/seller/"),
        ("seller-item", "/review/seller/items/{item}/"),
        ("forbidden", "/review/"),
    ],
    "anonymous": [
        ("home", "/"),
        ("login", "/login/"),
        ("register", "/register/"),
        ("dmca-notice", "/dmca/"),
    ],
}


def _portal(live_server):
    """A rights owner's complaint on a seller's three listings; the reviewer took two down."""
    owner = UserFactory(
        email="brand.manager.with.a.long.address@example-brands.com",
        identity_approved=True,
        complainant_name="Acme Brands International Trading Ltd",
    )
    reviewer = UserFactory(email="reviewer@example.com", reviewer=True)
    seller = UserFactory(email="seller@example.com", seller=True)
    store = SellerFactory(platform="taobao", store_name="Bargain Shoes", account=seller)
    listings = [
        ListingFactory(
            platform="taobao",
            seller=store,
            title=f"ACME runner sneaker {n}",
            listing_id=str(670_000_000_000 + n),
        )
        for n in range(3)
    ]
    trademark = IPRFactory(owner=owner, authenticated=True, mark_word="ACME", nice_classes=[25])
    complaint = complaint_svc.file_complaint(
        complainant=owner,
        data=complaint_svc.ComplaintInput(
            platform="taobao",
            ipr=trademark,
            reason="counterfeit",
            urls="\n".join(url_of(x) for x in listings),
            description="Counterfeit ACME sneakers sold with our logo.",
            evidence=[proof_document(owner, "side-by-side.png")],
        ),
    )
    complaint_svc.validate_complaint(complaint_id=complaint.pk)
    claim_next_item(queue_name="complaints", reviewer=reviewer)
    for item in complaint.items.order_by("line")[:2]:
        accept_item(item=item, actor=reviewer)
    first = complaint.items.get(line=1)
    users = {"owner": owner, "reviewer": reviewer, "seller": seller}
    return users, {"complaint": complaint.pk, "item": first.pk}


def _open_page(browser, live_server, user, width):
    if user is None:
        context = browser.new_context(viewport=width)
    else:
        context = signed_in_context(browser, live_server, user)
    page = context.new_page()
    page.set_viewport_size(width)
    return page


def _fits(page) -> None:
    scroll_width, inner_width = page.evaluate(
        "() => [document.documentElement.scrollWidth, window.innerWidth]"
    )
    assert scroll_width <= inner_width, f"{page.url}: {scroll_width} px wide in {inner_width}"


def _menu_opens_and_closes(page) -> None:
    button = page.locator("button.menu-toggle")
    menu_link = page.locator("#site-menu .mainnav a").first
    assert button.is_visible() and button.get_attribute("aria-expanded") == "false"
    assert not menu_link.is_visible()
    button.click()
    assert button.get_attribute("aria-expanded") == "true"
    assert menu_link.is_visible()
    sign_out = page.locator("#site-menu button:has-text('Sign out')")
    box = sign_out.bounding_box()
    assert sign_out.is_visible() and box and box["x"] + box["width"] <= PHONE["width"]
    _fits(page)
    page.keyboard.press("Escape")
    assert button.get_attribute("aria-expanded") == "false" and not menu_link.is_visible()


def _tables_stack(page) -> None:
    cells = page.locator("table.list tbody td[data-label]")
    if cells.count():
        display = cells.first.evaluate("(td) => getComputedStyle(td).display")
        assert display == "block", f"{page.url}: table cells are {display}"


def test_without_javascript_the_phone_menu_simply_stacks(browser, live_server, shot):
    users, _ids = _portal(live_server)
    context = signed_in_context(browser, live_server, users["owner"], java_script_enabled=False)
    page = context.new_page()
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/complaints/")
    assert not page.locator("button.menu-toggle").is_visible()
    assert page.locator("#site-menu .mainnav a:has-text('Manage Complaints')").is_visible()
    sign_out = page.locator("#site-menu button:has-text('Sign out')").bounding_box()
    assert sign_out and sign_out["x"] + sign_out["width"] <= PHONE["width"]
    shot(page, "no-javascript-menu-stacked")


def test_the_skip_link_is_the_first_stop_and_shows(browser, live_server):
    users, _ids = _portal(live_server)
    page = _open_page(browser, live_server, users["owner"], PHONE)
    page.goto(f"{live_server.url}/complaints/")
    page.keyboard.press("Tab")
    skip = page.locator("a.skip-link")
    assert skip.evaluate("(a) => a === document.activeElement") and skip.is_visible()
    box = skip.bounding_box()
    assert box and box["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


@pytest.mark.parametrize("width", [DESKTOP, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("role", list(PAGES))
def test_main_pages_fit_the_width(browser, live_server, published_agreement, shot, role, width):
    users, ids = _portal(live_server)
    page = _open_page(browser, live_server, users.get(role), width)
    for n, (name, path) in enumerate(PAGES[role]):
        response = page.goto(f"{live_server.url}{path.format(**ids)}")
        expected = 404 if name == "not-found" else 403 if name == "forbidden" else 200
        assert response is not None and response.status == expected, (path, response)
        page.wait_for_load_state("load")
        shot(page, name)
        if width == DESKTOP:
            assert not page.locator("button.menu-toggle").is_visible()
            continue
        _fits(page)
        _tables_stack(page)
        if role != "anonymous" and n == 0:
            _menu_opens_and_closes(page)
            page.locator("button.menu-toggle").click()
            shot(page, f"{name}-menu-open")
            page.locator("button.menu-toggle").click()
