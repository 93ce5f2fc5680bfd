"""Marketplace sign-in in real Chromium against the real local OpenID Connect provider: a new
rights owner registers through "Alibaba.com account login" and reaches identity verification; the
demo seller signs in through "Member login" and answers a complaint about its store."""

import pytest
from django.conf import settings

from accounts.models import User
from accounts.services.devices import trust_device
from complaints import services as complaint_svc
from reviews.services import decisions
from signin_oidc.demo import link_demo_seller
from tests.catalogue.factories import ListingFactory, SellerFactory
from tests.complaints.conftest import url_of
from tests.factories import UserFactory
from tests.files import proof_document
from tests.idp_server import MEMBER_PASSWORD
from tests.ipr.conftest import IPRFactory

pytestmark = [pytest.mark.e2e]


@pytest.fixture
def portal_url(live_server, identity_provider, settings):
    """The portal as 127.0.0.1 (a loopback redirect URI the provider accepts on any port),
    configured with the three marketplaces of the local provider."""
    settings.IPP_MARKETPLACE_SIGNIN = identity_provider.portal_settings()
    return live_server.url.replace("localhost", "127.0.0.1")


def _provider_sign_in(page, member: str, shot, name: str) -> None:
    page.wait_for_selector("#id_username")
    shot(page, f"{name}-provider-sign-in")
    page.fill("#id_username", member)
    page.fill("#id_password", MEMBER_PASSWORD)
    page.click("button:has-text('Sign in')")
    page.wait_for_selector("#authorizationForm")
    shot(page, f"{name}-provider-consent")
    page.click("input[name=allow]")


def test_new_rights_owner_registers_through_alibaba_account_login(
    browser, portal_url, published_agreement, shot
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{portal_url}/register/")
    page.select_option("#id_location", "DE")
    page.check("input[name=identity_kind][value=business]")
    page.check("input[name=registrant_category][value=ipr_owner]")
    shot(page, "register-page-with-marketplace-buttons")
    page.click("button:has-text('Alibaba.com account login')")

    _provider_sign_in(page, "brightway_supplier", shot, "alibaba")

    page.wait_for_selector("#marketplace-register-form")
    assert "ip@brightway-industrial.example" in page.inner_text("#verified-identity")
    assert page.input_value("#id_location") == "DE"  # kept across the provider's pages
    assert page.is_checked("input[name=identity_kind][value=business]")
    shot(page, "register-questions-1280")
    page.set_viewport_size({"width": 390, "height": 844})
    shot(page, "register-questions-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.check("input[name=agree]")
    page.click("button:has-text('Agree and register')")

    page.wait_for_selector("#identity-status")
    assert "Your account is registered." in page.content()
    assert "ip@brightway-industrial.example" in page.content()
    assert "Alibaba.com" in page.inner_text("#marketplace-accounts")
    shot(page, "account-registered")
    page.click("a:has-text('Verify my identity')")
    page.wait_for_url("**/account/identity/")
    shot(page, "identity-verification")
    user = User.objects.get(email="ip@brightway-industrial.example")
    assert user.location.code == "DE" and not user.has_usable_password()
    context.close()


def test_demo_seller_signs_in_through_member_login_and_answers_a_complaint(
    browser, portal_url, published_agreement, shot
):
    seller = UserFactory(email="seller@demo.ipp", seller=True)
    store = SellerFactory(
        platform="taobao", store_id="tb-1001", store_name="Sunrise Outdoor Flagship", account=seller
    )
    listing = ListingFactory(
        platform="taobao",
        seller=store,
        title="DEMOBRAND trail backpack",
        category="Bags",
        listing_id="600000000001",
    )
    owner = UserFactory(
        email="owner@demo.ipp", identity_approved=True, complainant_name="Demo Brand GmbH"
    )
    reviewer = UserFactory(email="reviewer@demo.ipp", reviewer=True)
    mark = IPRFactory(owner=owner, authenticated=True, mark_word="DEMOBRAND", nice_classes=[18])
    complaint = complaint_svc.file_complaint(
        complainant=owner,
        data=complaint_svc.ComplaintInput(
            platform="taobao",
            ipr=mark,
            reason="counterfeit",
            urls=url_of(listing),
            evidence=[proof_document(owner, "side-by-side.png")],
        ),
    )
    complaint_svc.validate_complaint(complaint_id=complaint.pk)
    item = complaint.items.get()
    decisions.accept_item(item=item, actor=reviewer)
    assert link_demo_seller() is not None  # what seed_demo does for the local run

    # The seller's own browser (trusted before: no unusual-activity code in this journey).
    context = browser.new_context(viewport={"width": 390, "height": 844})
    token = trust_device(user=seller, ip_address="127.0.0.1", user_agent="e2e")
    context.add_cookies(
        [
            {
                "name": settings.IPP["DEVICE_COOKIE"],
                "value": token,
                "domain": "127.0.0.1",
                "path": "/",
            }
        ]
    )
    page = context.new_page()
    page.goto(f"{portal_url}/login/")
    page.wait_for_selector("#marketplace-signin")
    shot(page, "login-page-390")
    page.set_viewport_size({"width": 1280, "height": 900})
    shot(page, "login-page-1280")
    page.click("#marketplace-signin button:has-text('Member login')")

    _provider_sign_in(page, "sunrise_outdoor", shot, "taobao")

    page.wait_for_selector("#seller-items")
    assert page.locator("#seller-items tbody tr").count() == 1
    assert "DEMOBRAND trail backpack" in page.inner_text("#seller-items")
    shot(page, "seller-home-after-member-login")
    page.click(f"tr[data-item='{item.pk}'] a:has-text('Respond')")
    page.wait_for_selector("#counter-notice-form")
    page.check("input[name=grounds][value=genuine_goods]")
    page.fill(
        "#id_statement", "Bought from the DEMOBRAND distributor; invoice attached on request."
    )
    shot(page, "seller-counter-notice-form")
    page.click("#send-counter-notice")
    page.wait_for_selector("text=Counter-notice sent")
    shot(page, "seller-counter-notice-sent")
    item.refresh_from_db()
    assert item.counter_notices.exists()
    context.close()
