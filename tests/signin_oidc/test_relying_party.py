"""The relying party against the real local provider: each marketplace's happy path, every
refusal with its own message on the login page (registration answers kept), key rotation."""

from urllib.parse import parse_qs, urlsplit

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role, User
from core.models import AuditEvent
from signin_oidc import provider
from signin_oidc.models import MarketplaceIdentity
from tests.factories import UserFactory
from tests.idp_server import MarketplaceMember, free_port

from .conftest import followed_text, sign_in, start, trusted_client

pytestmark = pytest.mark.django_db

ANSWERS = {"location": "DE", "identity_kind": "business", "registrant_category": "agent"}


def register(client, response, **answers):
    """Answer the registration questions after a new identity's first sign-in."""
    assert response.status_code == 302 and response["Location"] == "/login/marketplace/register/"
    page = client.get("/login/marketplace/register/")
    assert page.status_code == 200
    return client.post(
        "/login/marketplace/register/", {**ANSWERS, "agree": "on", **answers}
    ), page.content.decode()


# --- happy paths, one per marketplace ------------------------------------------------------------
def test_authorization_request_uses_pkce_s256_state_and_nonce(marketplaces, portal):
    query = parse_qs(urlsplit(start(portal, "alibaba")).query)
    assert query["code_challenge_method"] == ["S256"] and len(query["code_challenge"][0]) >= 43
    assert query["state"][0] and query["nonce"][0]
    assert query["scope"] == ["openid email profile"]
    assert query["client_id"] == ["ipp-portal-alibaba"]


def test_aliexpress_login_registers_a_rights_owner_with_the_verified_email(marketplaces, portal):
    response, _url = sign_in(portal, "aliexpress", "ae_buyer")
    done, page = register(portal, response)
    assert "buyer@aliexpress.example" in page and "verified by the marketplace" in page
    user = User.objects.get(email="buyer@aliexpress.example")
    assert user.role == Role.RIGHTS_OWNER and not user.has_usable_password()
    assert (user.location.code, user.identity_kind, user.registrant_category) == (
        "DE",
        "business",
        "agent",
    )
    assert user.agreement_version and user.agreement_accepted_at
    identity = MarketplaceIdentity.objects.get(user=user)
    assert identity.issuer == marketplaces.issuer("aliexpress")
    assert identity.subject == "ae-100000001" and identity.marketplace == "aliexpress"
    assert done.status_code == 302 and done["Location"] == "/account/"
    assert done.cookies["ipp_device"].value  # the device it registered on is trusted
    created = AuditEvent.objects.get(action="account.created", target_id=str(user.pk))
    assert created.data["via"] == "marketplace:aliexpress"
    assert AuditEvent.objects.filter(action="marketplace.identity_linked").count() == 1
    # No emailed code: the provider asserted the email; the welcome notice is the only mail.
    assert not user.codes.exists()


def test_alibaba_account_login_keeps_the_answers_given_on_the_register_page(marketplaces, portal):
    answers = {"location": "FR", "identity_kind": "individual", "registrant_category": "ipr_owner"}
    response, _url = sign_in(portal, "alibaba", "brightway_supplier", intent="register", **answers)
    page = portal.get("/login/marketplace/register/").content.decode()
    assert '<option value="FR" selected>' in page
    assert 'value="individual"' in page and "checked" in page
    done = portal.post("/login/marketplace/register/", {**answers, "agree": "on"})
    assert done.status_code == 302
    user = User.objects.get(email="ip@brightway-industrial.example")
    assert user.location.code == "FR" and user.identity_kind == "individual"
    assert portal.get("/account/").content.decode().count("Verify my identity") == 1


def test_member_login_registers_a_seller_linked_to_its_stores_with_their_complaints(
    marketplaces, portal, reviewer
):
    from reviews.services import decisions
    from tests.catalogue.factories import SellerFactory
    from tests.reviews.conftest import file_validated, items_of, make_listings

    store = SellerFactory(platform="taobao", store_id="tb-1900", store_name="Lotus Tea House")
    owner = UserFactory(email="brand@example.com", identity_approved=True, complainant_name="B")
    from tests.ipr.conftest import IPRFactory

    mark = IPRFactory(owner=owner, authenticated=True, mark_word="LOTUS", nice_classes=[30])
    complaint = file_validated(owner, mark, make_listings(store, 2, 630_000_000_000))
    for item in items_of(complaint):
        decisions.accept_item(item=item, actor=reviewer)

    response, _url = sign_in(portal, "taobao", "lotus_tea")
    done, page = register(portal, response)
    assert "Register your seller account" in page and "tb-1900" in page
    assert "registrant_category" not in page  # a seller neither owns nor represents an IPR here
    user = User.objects.get(email="owner@lotus-tea.example")
    assert user.role == Role.SELLER
    store.refresh_from_db()
    assert store.account == user
    assert done["Location"] == "/review/seller/"
    home = followed_text(portal, done)
    assert "Lotus Tea House" in home
    assert "630000000000" in home or "ACME" in home or "LOTUS" in home
    assert AuditEvent.objects.filter(
        action="marketplace.store_linked", target_id=str(store.pk)
    ).exists()


def test_a_linked_identity_signs_in_on_a_trusted_device(marketplaces):
    user = UserFactory(email="buyer@aliexpress.example")
    MarketplaceIdentity.objects.create(
        user=user,
        marketplace="aliexpress",
        issuer=marketplaces.issuer("aliexpress"),
        subject="ae-100000001",
    )
    client = trusted_client(user)
    response, _url = sign_in(client, "aliexpress", "ae_buyer")
    assert response.status_code == 302 and response["Location"] == "/account/"
    assert client.get("/account/").context["user"] == user
    assert AuditEvent.objects.filter(action="marketplace.signed_in", actor=user).count() == 1


def test_a_linked_identity_on_an_unknown_device_is_locked_until_the_emailed_code(marketplaces):
    user = UserFactory(email="buyer@aliexpress.example")
    MarketplaceIdentity.objects.create(
        user=user,
        marketplace="aliexpress",
        issuer=marketplaces.issuer("aliexpress"),
        subject="ae-100000001",
    )
    client = trusted_client(UserFactory())  # a device some other account trusts
    response, _url = sign_in(client, "aliexpress", "ae_buyer")
    assert response["Location"] == "/login/unlock/"
    user.refresh_from_db()
    assert user.unusual_activity_locked_at is not None
    assert user.codes.filter(purpose="unlock").exists()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="account.locked_unusual_activity").exists()


# --- refusals: each its own message on the login page, answers kept ---------------------------
def _refused_on_login_page(client, response) -> str:
    assert response.status_code == 302 and response["Location"] == "/login/", response
    page = client.get("/login/").content.decode()
    assert "_auth_user_id" not in client.session
    return page


def _answers_kept(client) -> None:
    page = client.get("/login/").content.decode()
    assert "Your registration answers are kept." in page
    register_page = client.get("/register/").content.decode()
    assert '<option value="DE" selected>' in register_page


def test_cancelled_consent(marketplaces, portal):
    response, _url = sign_in(
        portal, "alibaba", "brightway_supplier", intent="register", allow=False, **ANSWERS
    )
    page = _refused_on_login_page(portal, response)
    assert "You cancelled the sign-in at Alibaba.com. Nothing was changed" in page
    assert not User.objects.filter(email="ip@brightway-industrial.example").exists()
    _answers_kept(portal)


def test_replayed_state(marketplaces, portal):
    response, callback = sign_in(portal, "aliexpress", "ae_buyer", intent="register", **ANSWERS)
    assert response["Location"] == "/login/marketplace/register/"
    again = portal.get(callback)
    page = _refused_on_login_page(portal, again)
    assert "This sign-in answer was already used or does not belong to this browser" in page
    _answers_kept(portal)


def test_state_from_another_browser_is_refused(marketplaces, portal):
    authorize_url = start(portal, "aliexpress")
    callback = MarketplaceMember("ae_buyer").authorize(authorize_url)
    stranger = type(portal)(HTTP_HOST="127.0.0.1")
    page = _refused_on_login_page(stranger, stranger.get(callback))
    assert "does not belong to this browser" in page


def test_expired_state(marketplaces, portal):
    authorize_url = start(portal, "aliexpress", "register", **ANSWERS)
    callback = MarketplaceMember("ae_buyer").authorize(authorize_url)
    with time_machine.travel(timezone.now() + timezone.timedelta(minutes=11)):
        response = portal.get(callback)
    page = _refused_on_login_page(portal, response)
    assert "The sign-in took too long and expired" in page
    _answers_kept(portal)


def test_wrong_issuer(marketplaces, portal, settings):
    # Member login is pinned to the marketplace's issuer, but the discovery document it was
    # given leads to another provider, whose ID token names that provider as its issuer.
    config = dict(settings.IPP_MARKETPLACE_SIGNIN)
    config["taobao"] = {**config["taobao"], "issuer": "https://login.taobao.example/o"}
    settings.IPP_MARKETPLACE_SIGNIN = config
    response, _url = sign_in(portal, "taobao", "lotus_tea", intent="register", **ANSWERS)
    page = _refused_on_login_page(portal, response)
    assert "did not come from Taobao member login (wrong issuer)" in page
    assert not MarketplaceIdentity.objects.exists()
    _answers_kept(portal)


def test_wrong_audience(marketplaces, portal, settings):
    config = dict(settings.IPP_MARKETPLACE_SIGNIN)
    config["taobao"] = {**config["taobao"], "client_id": "ipp-portal-taobao-wrong-audience"}
    settings.IPP_MARKETPLACE_SIGNIN = config
    response, _url = sign_in(portal, "taobao", "lotus_tea", intent="register", **ANSWERS)
    page = _refused_on_login_page(portal, response)
    assert "was meant for another application (wrong audience)" in page
    _answers_kept(portal)


def test_unverified_email(marketplaces, portal):
    response, _url = sign_in(portal, "aliexpress", "ae_unverified", intent="register", **ANSWERS)
    page = _refused_on_login_page(portal, response)
    assert "has no verified email address, so it cannot create an IPP account" in page
    assert not User.objects.filter(email="unverified@aliexpress.example").exists()
    _answers_kept(portal)


def test_provider_down_before_the_redirect(marketplaces, portal, settings):
    config = dict(settings.IPP_MARKETPLACE_SIGNIN)
    dead = f"http://127.0.0.1:{free_port()}/taobao/o/.well-known/openid-configuration"
    config["taobao"] = {**config["taobao"], "discovery_url": dead}
    settings.IPP_MARKETPLACE_SIGNIN = config
    portal.post("/login/marketplace/taobao/start/", {"intent": "register", **ANSWERS})
    response = portal.post("/login/marketplace/taobao/start/", {"intent": "register", **ANSWERS})
    page = _refused_on_login_page(portal, response)
    assert "Taobao member login is not reachable right now" in page
    _answers_kept(portal)


def test_provider_down_when_the_answer_comes_back(marketplaces, portal, settings):
    authorize_url = start(portal, "taobao", "register", **ANSWERS)
    callback = MarketplaceMember("lotus_tea").authorize(authorize_url)
    config = dict(settings.IPP_MARKETPLACE_SIGNIN)
    dead = f"http://127.0.0.1:{free_port()}/taobao/o/.well-known/openid-configuration"
    config["taobao"] = {**config["taobao"], "discovery_url": dead}
    settings.IPP_MARKETPLACE_SIGNIN = config
    page = _refused_on_login_page(portal, portal.get(callback))
    assert "Taobao member login is not reachable right now" in page
    _answers_kept(portal)


def test_identity_already_linked_to_another_account(marketplaces, portal):
    other = UserFactory(email="someone@example.com")
    MarketplaceIdentity.objects.create(
        user=other,
        marketplace="alibaba",
        issuer=marketplaces.issuer("alibaba"),
        subject="ab-200000001",
    )
    response, _url = sign_in(portal, "alibaba", "brightway_supplier", intent="register", **ANSWERS)
    page = _refused_on_login_page(portal, response)
    assert "This Alibaba.com account is already linked to an IPP account" in page
    assert MarketplaceIdentity.objects.get().user == other
    _answers_kept(portal)


def test_unknown_identity_with_an_existing_accounts_email_does_not_take_it_over(
    marketplaces, portal
):
    victim = UserFactory(email="ip@brightway-industrial.example")
    response, _url = sign_in(portal, "alibaba", "brightway_supplier")
    page = _refused_on_login_page(portal, response)
    assert "An IPP account with the email address ip@brightway-industrial.example already" in page
    assert not MarketplaceIdentity.objects.exists()
    assert AuditEvent.objects.filter(
        action="marketplace.signin_refused", target_id=str(victim.pk), reason="email_in_use"
    ).exists()


# --- signature verification and key rotation -------------------------------------------------
def test_rotated_signing_key_is_fetched_and_an_unknown_key_refused(marketplaces, portal):
    first, _url = sign_in(portal, "aliexpress", "ae_buyer", intent="register", **ANSWERS)
    assert first["Location"] == "/login/marketplace/register/"
    config = provider.config_for("aliexpress")
    cached = {k["kid"] for k in provider.client_for(config).server_metadata["jwks"]["keys"]}

    new_kid = marketplaces.rotate_key()
    assert new_kid not in cached and new_kid in marketplaces.published_kids("aliexpress")
    second, _url = sign_in(type(portal)(HTTP_HOST="127.0.0.1"), "aliexpress", "ae_buyer")
    assert second["Location"] == "/login/marketplace/register/"  # verified with the new key
    refetched = {k["kid"] for k in provider.client_for(config).server_metadata["jwks"]["keys"]}
    assert new_kid in refetched

    rogue_kid = marketplaces.rotate_key(unpublished=True)
    try:
        assert rogue_kid not in marketplaces.published_kids("aliexpress")
        client = type(portal)(HTTP_HOST="127.0.0.1")
        third, _url = sign_in(client, "aliexpress", "ae_buyer", intent="register", **ANSWERS)
        page = _refused_on_login_page(client, third)
        assert "could not be verified (its signature does not match" in page
    finally:
        marketplaces.rotate_key(retire_old=True)  # sign with a published key again
    assert not MarketplaceIdentity.objects.exists()
