"""Linking and unlinking marketplace accounts on the account page, the takeover rule, the
seller-store link rules, the buttons per configured marketplace."""

import pytest

from catalogue.models import Seller
from core.models import AuditEvent
from signin_oidc import services
from signin_oidc.models import MarketplaceIdentity
from signin_oidc.provider import ProviderConfig, VerifiedIdentity, _identity
from tests.catalogue.factories import SellerFactory
from tests.factories import UserFactory

from .conftest import sign_in, trusted_client

pytestmark = pytest.mark.django_db


def signed_in(user):
    client = trusted_client(user)
    client.force_login(user)
    return client


def test_signed_in_account_links_a_marketplace_account_and_then_signs_in_with_it(marketplaces):
    user = UserFactory(email="me@example.com")
    client = signed_in(user)
    page = client.get("/account/").content.decode()
    assert 'id="marketplace-accounts"' in page and "Link an account" in page
    response, _url = sign_in(client, "aliexpress", "ae_buyer", intent="link")
    assert response["Location"] == "/account/"
    page = client.get("/account/").content.decode()
    assert "Your AliExpress account is linked" in page and "buyer@aliexpress.example" in page
    identity = MarketplaceIdentity.objects.get()
    assert identity.user == user and identity.subject == "ae-100000001"
    # the email differs from the account's: linking while signed in is how it is allowed
    client.post("/logout/")
    again, _url = sign_in(client, "aliexpress", "ae_buyer")
    assert again["Location"] == "/account/"
    assert client.get("/account/").context["user"] == user


def test_linking_an_identity_linked_to_another_account_is_refused(marketplaces):
    first = UserFactory(email="first@example.com")
    MarketplaceIdentity.objects.create(
        user=first,
        marketplace="aliexpress",
        issuer=marketplaces.issuer("aliexpress"),
        subject="ae-100000001",
    )
    second = UserFactory(email="second@example.com")
    client = signed_in(second)
    response, _url = sign_in(client, "aliexpress", "ae_buyer", intent="link")
    assert response["Location"] == "/account/"
    page = client.get("/account/").content.decode()
    assert "This AliExpress account is already linked to another IPP account" in page
    assert MarketplaceIdentity.objects.get().user == first


def test_linking_needs_the_account_that_started_it(marketplaces):
    user = UserFactory(email="me@example.com")
    client = signed_in(user)
    from tests.idp_server import MarketplaceMember

    from .conftest import start

    callback = MarketplaceMember("ae_buyer").authorize(start(client, "aliexpress", "link"))
    client.post("/logout/")
    client.force_login(UserFactory(email="other@example.com"))
    response = client.get(callback)
    assert response["Location"] == "/login/"
    assert not MarketplaceIdentity.objects.exists()


def test_anonymous_cannot_start_linking(marketplaces, portal):
    response = portal.post("/login/marketplace/aliexpress/start/", {"intent": "link"})
    assert response["Location"] == "/login/"


def test_unlink_keeps_the_last_way_in_of_an_account_without_password(marketplaces):
    user = UserFactory(email="me@example.com")
    user.set_unusable_password()
    user.save()
    identity = MarketplaceIdentity.objects.create(
        user=user, marketplace="alibaba", issuer="https://x.example/o", subject="1"
    )
    client = signed_in(user)
    client.post(f"/account/marketplace-accounts/{identity.pk}/unlink/")
    assert MarketplaceIdentity.objects.filter(pk=identity.pk).exists()
    assert (
        "This is the only way to sign in to your account"
        in client.get("/account/").content.decode()
    )

    user.set_password("Correct-horse-42!")
    user.save()
    client.force_login(user)
    client.post(f"/account/marketplace-accounts/{identity.pk}/unlink/")
    assert not MarketplaceIdentity.objects.filter(pk=identity.pk).exists()
    assert AuditEvent.objects.filter(action="marketplace.identity_unlinked", actor=user).exists()


def test_nobody_unlinks_someone_elses_identity(marketplaces):
    owner = UserFactory(email="owner@example.com")
    identity = MarketplaceIdentity.objects.create(
        user=owner, marketplace="alibaba", issuer="https://x.example/o", subject="1"
    )
    client = signed_in(UserFactory(email="other@example.com"))
    assert client.post(f"/account/marketplace-accounts/{identity.pk}/unlink/").status_code == 404
    assert MarketplaceIdentity.objects.filter(pk=identity.pk).exists()


# --- stores --------------------------------------------------------------------------------------
def _verified(stores, marketplace="taobao") -> VerifiedIdentity:
    return VerifiedIdentity(
        marketplace=marketplace,
        issuer="https://login.example/o",
        subject="s-1",
        email="s@example.com",
        email_verified=True,
        name="S",
        stores=stores,
    )


def test_store_answered_by_another_account_stays_with_it(seller):
    mine = SellerFactory(platform="tmall", store_id="tm-1", account=None)
    theirs_owner = UserFactory(email="theirs@example.com", seller=True)
    theirs = SellerFactory(platform="taobao", store_id="tb-2", account=theirs_owner)
    links = services.link_claimed_stores(
        user=seller,
        verified=_verified(
            [
                {"marketplace": "tmall", "store_id": "tm-1"},
                {"marketplace": "taobao", "store_id": "tb-2"},
                {"marketplace": "taobao", "store_id": "tb-unknown"},
            ]
        ),
        ip_address=None,
    )
    assert [s.pk for s in links.linked] == [mine.pk] and [s.pk for s in links.refused] == [
        theirs.pk
    ]
    assert links.unknown == ["tb-unknown"]
    assert Seller.objects.get(pk=theirs.pk).account == theirs_owner
    assert Seller.objects.get(pk=mine.pk).account == seller
    assert not Seller.objects.filter(store_id="tb-unknown").exists()  # no catalogue from claims
    assert AuditEvent.objects.filter(action="marketplace.store_link_refused").count() == 1


def test_stores_link_only_to_seller_accounts(rights_owner):
    store = SellerFactory(platform="taobao", store_id="tb-3", account=None)
    services.link_claimed_stores(
        user=rights_owner,
        verified=_verified([{"marketplace": "taobao", "store_id": "tb-3"}]),
        ip_address=None,
    )
    assert Seller.objects.get(pk=store.pk).account is None


def test_a_provider_vouches_only_for_its_own_marketplaces_stores():
    config = ProviderConfig(
        "aliexpress", "https://ae.example/.well-known/openid-configuration", "c", "s"
    )
    verified = _identity(
        config,
        {
            "iss": "https://ae.example",
            "sub": "1",
            "email": "A@Example.com",
            "email_verified": True,
            "ipp_stores": [
                {"marketplace": "aliexpress", "store_id": "ae-1"},
                {"marketplace": "taobao", "store_id": "tb-1"},
                "junk",
            ],
        },
    )
    assert verified.stores == [{"marketplace": "aliexpress", "store_id": "ae-1"}]
    assert verified.email == "a@example.com"
    assert config.expected_issuer == "https://ae.example"


def test_email_verified_must_be_true_not_truthy():
    config = ProviderConfig(
        "alibaba", "https://ab.example/.well-known/openid-configuration", "c", "s"
    )
    claims = {"iss": "https://ab.example", "sub": "1", "email": "a@b.c", "email_verified": "false"}
    assert _identity(config, claims).email_verified is False


# --- buttons -------------------------------------------------------------------------------------
def test_only_configured_marketplaces_show_a_button(client, settings):
    settings.IPP_MARKETPLACE_SIGNIN = {}
    page = client.get("/login/").content.decode()
    assert "marketplace-signin" not in page
    settings.IPP_MARKETPLACE_SIGNIN = {
        "alibaba": {
            "discovery_url": "https://ab.example/.well-known/openid-configuration",
            "client_id": "c",
            "client_secret": "s",
        }
    }
    page = client.get("/login/").content.decode()
    assert "Alibaba.com account login" in page
    assert "Member login</button>" not in page and "AliExpress login" not in page
    assert client.post("/login/marketplace/taobao/start/").status_code == 404
    assert "Alibaba.com account login" in client.get("/register/").content.decode()


def test_the_three_buttons_on_the_login_page(marketplaces, client):
    page = client.get("/login/").content.decode()
    for label in ("Member login</button>", "AliExpress login", "Alibaba.com account login"):
        assert label in page
    assert "Taobao, Tmall, Tmall HK and 1688 members" in page


# --- API -----------------------------------------------------------------------------------------
def test_api_lists_and_unlinks_only_the_callers_marketplace_accounts(api_client_for):
    user = UserFactory(email="me@example.com")
    other = UserFactory(email="other@example.com")
    mine = MarketplaceIdentity.objects.create(
        user=user, marketplace="alibaba", issuer="https://x.example/o", subject="1"
    )
    theirs = MarketplaceIdentity.objects.create(
        user=other, marketplace="alibaba", issuer="https://x.example/o", subject="2"
    )
    api = api_client_for(user)
    listed = api.get("/api/v1/account/marketplace-accounts/").json()
    assert [row["subject"] for row in listed] == ["1"]
    assert api.post(f"/api/v1/account/marketplace-accounts/{theirs.pk}/unlink/").status_code == 404
    assert api.post(f"/api/v1/account/marketplace-accounts/{mine.pk}/unlink/").status_code == 204
    assert not MarketplaceIdentity.objects.filter(pk=mine.pk).exists()


def test_api_refuses_to_unlink_the_last_way_in(api_client_for):
    user = UserFactory(email="me@example.com")
    user.set_unusable_password()
    user.save()
    identity = MarketplaceIdentity.objects.create(
        user=user, marketplace="alibaba", issuer="https://x.example/o", subject="1"
    )
    answer = api_client_for(user).post(
        f"/api/v1/account/marketplace-accounts/{identity.pk}/unlink/"
    )
    assert answer.status_code == 400 and answer.json()["code"] == "last_sign_in_method"


def test_api_needs_authentication(client):
    assert client.get("/api/v1/account/marketplace-accounts/").status_code in (401, 403)


@pytest.fixture
def api_client_for():
    from rest_framework.test import APIClient

    def make(user):
        api = APIClient()
        api.force_authenticate(user)
        return api

    return make
