"""A marketplace sign-in goes through the portal's own sign-in steps: the second factor, the
`next` page, the stores named at a later sign-in; the pages with the buttons let forms reach the
providers (CSP form-action), and takedown notices tell sellers to sign in this way."""

import pytest
from django.core import mail

from catalogue.models import Seller
from signin_oidc.models import MarketplaceIdentity
from tests.catalogue.factories import SellerFactory
from tests.factories import UserFactory
from tests.second_factor import enrol

from .conftest import sign_in, trusted_client

pytestmark = pytest.mark.django_db


def _linked(user, marketplaces, realm="aliexpress", subject="ae-100000001"):
    return MarketplaceIdentity.objects.create(
        user=user, marketplace=realm, issuer=marketplaces.issuer(realm), subject=subject
    )


def test_an_account_with_the_second_factor_on_still_needs_its_code(marketplaces):
    user = UserFactory(email="buyer@aliexpress.example")
    enrol(user)
    _linked(user, marketplaces)
    client = trusted_client(user)
    response, _url = sign_in(client, "aliexpress", "ae_buyer")
    assert response["Location"] == "/account/sign-in/second-factor/"
    assert "_auth_user_id" not in client.session  # pending until the code is entered


def test_the_page_asked_for_before_sign_in_opens_after_it(marketplaces):
    user = UserFactory(email="buyer@aliexpress.example")
    _linked(user, marketplaces)
    client = trusted_client(user)
    from tests.idp_server import MarketplaceMember

    started = client.post(
        "/login/marketplace/aliexpress/start/", {"intent": "signin", "next": "/notifications/"}
    )
    callback = MarketplaceMember("ae_buyer").authorize(started["Location"])
    assert client.get(callback)["Location"] == "/notifications/"


def test_an_outside_next_page_is_ignored(marketplaces):
    user = UserFactory(email="buyer@aliexpress.example")
    _linked(user, marketplaces)
    client = trusted_client(user)
    from tests.idp_server import MarketplaceMember

    started = client.post(
        "/login/marketplace/aliexpress/start/",
        {"intent": "signin", "next": "https://evil.example/"},
    )
    callback = MarketplaceMember("ae_buyer").authorize(started["Location"])
    assert client.get(callback)["Location"] == "/account/"


def test_a_store_named_at_a_later_sign_in_is_linked_then(marketplaces):
    seller = UserFactory(email="owner@lotus-tea.example", seller=True)
    _linked(seller, marketplaces, "taobao", "2088000000000002")
    client = trusted_client(seller)
    sign_in(client, "taobao", "lotus_tea")
    assert not Seller.objects.filter(store_id="tb-1900").exists()  # not in the catalogue yet
    store = SellerFactory(platform="taobao", store_id="tb-1900", store_name="Lotus Tea House")
    response, _url = sign_in(client, "taobao", "lotus_tea")
    assert response["Location"] == "/review/seller/"
    store.refresh_from_db()
    assert store.account == seller
    page = client.get("/review/seller/").content.decode()
    assert "Your account now answers for: Lotus Tea House." in page


def test_pages_with_the_buttons_let_forms_reach_the_providers_only(marketplaces, client):
    origin = marketplaces.base_url
    for path in ("/login/", "/register/"):
        policy = client.get(path)["Content-Security-Policy"]
        form_action = next(p for p in policy.split(";") if "form-action" in p)
        assert origin in form_action, (path, policy)
    assert origin not in client.get("/")["Content-Security-Policy"]


def test_takedown_notice_tells_the_seller_to_sign_in_with_its_marketplace_account(
    reviewer, seller, django_capture_on_commit_callbacks
):
    from reviews.services import decisions
    from tests.ipr.conftest import IPRFactory
    from tests.reviews.conftest import file_validated, items_of, make_listings

    owner = UserFactory(email="brand@example.com", identity_approved=True, complainant_name="B")
    mark = IPRFactory(owner=owner, authenticated=True, mark_word="ACME", nice_classes=[25])
    shop = SellerFactory(platform="taobao", store_name="Bargain Shoes", account=seller)
    complaint = file_validated(owner, mark, make_listings(shop, 1))
    with django_capture_on_commit_callbacks(execute=True):
        decisions.accept_item(item=items_of(complaint)[0], actor=reviewer)
    body = next(m.body for m in mail.outbox if m.to == ["seller@example.com"])
    assert "Sign in to the IPP Portal with your marketplace account" in body
    assert "Member login (Taobao, Tmall, Tmall HK, 1688)" in body
