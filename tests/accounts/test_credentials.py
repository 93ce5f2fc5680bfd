"""Credentials a person can manage: API tokens that expire and are one per client, browser
sessions listed and signed out, "sign out everywhere", and a password change or reset revoking
everything. Services, API and pages."""

import binascii
import os
import re
import threading
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from rest_framework.test import APIClient

from accounts import selectors
from accounts.models import ApiToken, UserSession
from accounts.services import credentials
from accounts.services.devices import trust_device
from core import audit
from core.models import AuditEvent
from tests.conftest import PASSWORD
from tests.factories import UserFactory, api_token_for

NEW_PASSWORD = "A-long-pass-123"
SECURITY = "/account/security/"


# --- helpers -----------------------------------------------------------------------------------
def browser(user, agent="Firefox/130") -> Client:
    """A browser signed in through the sign-in page (from a device the account trusts)."""
    client = Client(HTTP_USER_AGENT=agent)
    device = trust_device(user=user, ip_address=None, user_agent=agent)
    client.cookies[settings.IPP["DEVICE_COOKIE"]] = device
    response = client.post("/login/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302, response.content
    return client


def signed_in(client: Client) -> bool:
    return client.get("/account/").status_code == 200


def works(key: str) -> bool:
    return APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {key}").status_code == 200


def with_token(key: str) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return api


def api_login(user, password, agent="agency-script/2.1", **extra):
    device = trust_device(user=user, ip_address=None, user_agent="script")
    body = {"email": user.email, "password": password, "device_token": device, **extra}
    return APIClient(HTTP_USER_AGENT=agent).post("/api/v1/auth/login/", body)


def session_in_store(client: Client) -> bool:
    return Session.objects.filter(session_key=client.session.session_key).exists()


# --- tokens: expiry, one per client ------------------------------------------------------------
def test_login_returns_a_token_that_expires_after_its_lifetime(rights_owner, password):
    response = api_login(rights_owner, password, client_name="agency-sync")
    assert response.status_code == 200
    key = response.json()["token"]
    token = ApiToken.objects.get(user=rights_owner)
    assert token.client_name == "agency-sync"
    assert response.json()["expires_at"] == token.expiry.isoformat()
    assert works(key)

    ttl = settings.IPP["API_TOKEN_TTL"]
    with time_machine.travel(token.expiry - timedelta(minutes=1), tick=False):
        assert works(key)
    with time_machine.travel(timezone.now() + ttl + timedelta(minutes=1), tick=False):
        assert not works(key)
    assert not ApiToken.objects.filter(user=rights_owner).exists()  # knox deleted it


def test_the_lifetime_is_a_setting(rights_owner, settings):
    settings.IPP = {**settings.IPP, "API_TOKEN_TTL": timedelta(hours=2)}
    issued = credentials.issue_api_token(user=rights_owner, client_name="x", ip_address=None)
    assert (
        timedelta(hours=1, minutes=59) < issued.token.expiry - timezone.now() <= timedelta(hours=2)
    )


def test_two_clients_get_two_tokens_and_revoking_one_leaves_the_other(rights_owner, password):
    sync = api_login(rights_owner, password, client_name="agency-sync").json()["token"]
    dashboard = api_login(rights_owner, password, client_name="dashboard").json()["token"]
    assert sync != dashboard and works(sync) and works(dashboard)

    listed = with_token(sync).get("/api/v1/account/tokens/").json()
    assert {t["client_name"]: t["current"] for t in listed} == {
        "agency-sync": True,
        "dashboard": False,
    }
    target = next(t["id"] for t in listed if t["client_name"] == "dashboard")
    assert with_token(sync).delete(f"/api/v1/account/tokens/{target}/").status_code == 204

    assert works(sync) and not works(dashboard)
    event = AuditEvent.objects.get(action="account.api_token_revoked")
    assert event.target_id == str(rights_owner.pk) and event.data == {"client_name": "dashboard"}


def test_signing_in_again_as_the_same_client_replaces_its_token(rights_owner, password):
    first = api_login(rights_owner, password, client_name="agency-sync").json()["token"]
    second = api_login(rights_owner, password, client_name="agency-sync").json()["token"]
    assert not works(first) and works(second)
    assert ApiToken.objects.filter(user=rights_owner).count() == 1


def test_a_client_without_a_name_is_named_by_its_user_agent(rights_owner, password):
    api_login(rights_owner, password, agent="python-requests/2.32")
    api_login(rights_owner, password, agent="curl/8.5")
    names = set(ApiToken.objects.filter(user=rights_owner).values_list("client_name", flat=True))
    assert names == {"python-requests/2.32", "curl/8.5"}


def test_the_token_notes_when_it_was_last_used(rights_owner):
    key = api_token_for(rights_owner)
    assert ApiToken.objects.get().last_used_at is None
    assert works(key)
    assert ApiToken.objects.get().last_used_at is not None


def test_api_logout_revokes_only_the_calling_token(rights_owner):
    mine, other = api_token_for(rights_owner, "one"), api_token_for(rights_owner, "two")
    assert with_token(mine).post("/api/v1/auth/logout/").status_code == 204
    assert not works(mine) and works(other)


def test_a_former_drf_token_no_longer_authenticates(rights_owner):
    assert "rest_framework.authtoken" not in settings.INSTALLED_APPS
    assert "authtoken_token" not in connection.introspection.table_names()
    drf_style_key = binascii.hexlify(os.urandom(20)).decode()  # how DRF made its keys
    response = APIClient().get("/api/v1/me/", HTTP_AUTHORIZATION=f"Token {drf_style_key}")
    assert response.status_code == 401


def test_another_accounts_token_cannot_be_revoked(rights_owner, outsider):
    theirs = api_token_for(outsider)
    public_id = ApiToken.objects.get(user=outsider).public_id
    mine = with_token(api_token_for(rights_owner))
    assert mine.delete(f"/api/v1/account/tokens/{public_id}/").status_code == 404
    page = browser(rights_owner).post(reverse("accounts:api_token_revoke", args=[public_id]))
    assert page.status_code == 404
    assert works(theirs)


# --- browser sessions --------------------------------------------------------------------------
def test_sign_in_and_sign_out_keep_the_session_index(rights_owner):
    client = browser(rights_owner)
    row = UserSession.objects.get(user=rights_owner)
    assert row.session_key == client.session.session_key
    client.post("/logout/")
    assert not UserSession.objects.filter(user=rights_owner).exists()


def test_another_account_signing_in_on_the_same_browser_is_indexed_under_the_new_key(
    rights_owner, outsider
):
    client = browser(rights_owner)
    client.force_login(outsider)  # the owner's session is flushed, a new one begins
    row = UserSession.objects.get(user=outsider)
    assert row.session_key == client.session.session_key
    assert [s.user for s in selectors.browser_sessions(rights_owner)] == []


def test_the_sessions_api_lists_live_sessions_and_marks_this_one(rights_owner):
    here, there = browser(rights_owner), browser(rights_owner, agent="Safari/17")
    # a session that ended without the index hearing of it (flushed from the store) is not listed
    Session.objects.filter(session_key=there.session.session_key).delete()
    expired = browser(rights_owner, agent="Old/1")
    Session.objects.filter(session_key=expired.session.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    api = APIClient()
    api.force_login(rights_owner)
    body = api.get("/api/v1/account/sessions/").json()
    assert len(body) == 2  # the page browser and the API client's own session
    assert [s["current"] for s in body].count(True) == 1
    assert here.session.session_key not in str(body)  # keys are never shown


def test_signing_out_another_browser_from_the_page(rights_owner, outsider):
    here, there = browser(rights_owner), browser(rights_owner, agent="Safari/17")
    row = UserSession.objects.get(session_key=there.session.session_key)
    assert (
        browser(outsider).post(reverse("accounts:session_sign_out", args=[row.pk])).status_code
        == 404
    )

    response = here.post(reverse("accounts:session_sign_out", args=[row.pk]))
    assert response.status_code == 302
    assert signed_in(here) and not signed_in(there)
    assert AuditEvent.objects.filter(action="account.session_revoked").count() == 1


def test_the_session_api_signs_a_browser_out(rights_owner):
    there = browser(rights_owner)
    row = UserSession.objects.get(session_key=there.session.session_key)
    api = with_token(api_token_for(rights_owner))
    assert api.delete(f"/api/v1/account/sessions/{row.pk}/").status_code == 204
    assert not signed_in(there)


# --- sign out everywhere -----------------------------------------------------------------------
def test_sign_out_everywhere_page_confirms_then_revokes_all_tokens_and_other_sessions(rights_owner):
    here, there = browser(rights_owner), browser(rights_owner, agent="Safari/17")
    keys = [api_token_for(rights_owner, "a"), api_token_for(rights_owner, "b")]
    url = reverse("accounts:sign_out_everywhere")

    confirm = here.get(url)
    assert confirm.status_code == 200 and "Sign out everywhere?" in confirm.content.decode()
    assert all(works(k) for k in keys) and signed_in(there)  # a GET changes nothing

    response = here.post(url, follow=True)
    assert response.redirect_chain[-1][0] == SECURITY
    assert "This browser stays signed in" in response.content.decode()
    assert signed_in(here) and not signed_in(there) and not session_in_store(there)
    assert not any(works(k) for k in keys)
    event = AuditEvent.objects.get(action="account.signed_out_everywhere")
    assert event.data == {"api_tokens_revoked": 2, "sessions_ended": 1}


def test_logout_all_api_revokes_every_token_and_every_session(rights_owner):
    there = browser(rights_owner)
    mine, other = api_token_for(rights_owner, "a"), api_token_for(rights_owner, "b")
    response = with_token(mine).post("/api/v1/auth/logout-all/")
    assert response.status_code == 200
    assert response.json() == {"api_tokens_revoked": 2, "sessions_ended": 1}
    assert not works(mine) and not works(other) and not signed_in(there)


def test_logout_all_from_a_browser_session_signs_it_out_too(rights_owner):
    api = APIClient()
    api.force_login(rights_owner)
    key = api_token_for(rights_owner)
    assert api.post("/api/v1/auth/logout-all/").status_code == 200
    assert api.get("/api/v1/me/").status_code in (401, 403) and not works(key)


# --- password change and reset -----------------------------------------------------------------
def test_password_change_revokes_every_token_and_every_other_session(rights_owner, password):
    here, there = browser(rights_owner), browser(rights_owner, agent="Safari/17")
    key = api_token_for(rights_owner)
    url = reverse("accounts:password_change")
    response = here.post(
        url,
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302 and response.url == SECURITY
    assert signed_in(here) and not signed_in(there) and not session_in_store(there)
    assert not works(key)
    rights_owner.refresh_from_db()
    assert rights_owner.check_password(NEW_PASSWORD)
    # the kept session's key was cycled; the index follows it
    assert list(
        UserSession.objects.filter(user=rights_owner).values_list("session_key", flat=True)
    ) == [here.session.session_key]
    event = AuditEvent.objects.get(action="account.password_changed")
    assert event.data == {"api_tokens_revoked": 1, "sessions_ended": 1}


def test_password_change_refuses_a_wrong_current_password(rights_owner):
    here, key = browser(rights_owner), api_token_for(rights_owner)
    response = here.post(
        reverse("accounts:password_change"),
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 200 and works(key)
    assert not AuditEvent.objects.filter(action="account.password_changed").exists()


def test_password_change_api_revokes_everything_and_returns_a_new_token(rights_owner, password):
    there = browser(rights_owner)
    mine, other = api_token_for(rights_owner, "agency-sync"), api_token_for(rights_owner, "b")
    response = with_token(mine).post(
        "/api/v1/account/password/",
        {"current_password": password, "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["api_tokens_revoked"], body["sessions_ended"]) == (2, 1)
    assert not works(mine) and not works(other) and not signed_in(there) and works(body["token"])
    assert ApiToken.objects.get(user=rights_owner).client_name == "agency-sync"


def test_password_change_api_from_a_browser_session_keeps_that_session(rights_owner, password):
    there = browser(rights_owner, agent="Safari/17")
    api = APIClient()
    api.force_login(rights_owner)
    response = api.post(
        "/api/v1/account/password/", {"current_password": password, "new_password": NEW_PASSWORD}
    )
    assert response.status_code == 200 and "token" not in response.json()
    assert api.get("/api/v1/me/").status_code == 200 and not signed_in(there)


def test_password_change_api_refuses_a_weak_or_wrong_password(rights_owner, password):
    api = with_token(api_token_for(rights_owner))
    wrong = api.post(
        "/api/v1/account/password/", {"current_password": "x", "new_password": NEW_PASSWORD}
    )
    assert wrong.status_code == 400 and wrong.json()["code"] == "wrong_password"
    weak = api.post(
        "/api/v1/account/password/", {"current_password": password, "new_password": "12"}
    )
    assert weak.status_code == 400 and weak.json()["field"] == "new_password"
    assert api.get("/api/v1/me/").status_code == 200


def test_password_reset_revokes_every_token_and_every_session(rights_owner):
    here, key = browser(rights_owner), api_token_for(rights_owner)
    rights_owner.refresh_from_db()  # the reset link is made from the current last sign-in
    uid = urlsafe_base64_encode(force_bytes(rights_owner.pk))
    link = f"/account/reset/{uid}/{default_token_generator.make_token(rights_owner)}/"
    anonymous = Client()
    form = anonymous.get(link)
    assert form.status_code == 302  # Django moves the token out of the URL
    response = anonymous.post(
        form.url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response.url == reverse("accounts:login")
    assert not signed_in(here) and not session_in_store(here) and not works(key)
    assert not UserSession.objects.filter(user=rights_owner).exists()
    rights_owner.refresh_from_db()
    assert rights_owner.check_password(NEW_PASSWORD)
    event = AuditEvent.objects.get(action="account.password_reset")
    assert event.data == {"api_tokens_revoked": 1, "sessions_ended": 1}


# --- the security page and log -----------------------------------------------------------------
def test_security_page_lists_sessions_clients_and_the_security_log(rights_owner, outsider):
    here, there = browser(rights_owner), browser(rights_owner, agent="Safari/17")
    api_token_for(rights_owner, "agency-sync")
    api_token_for(outsider, "not-mine")
    audit.record(action="account.second_factor_enabled", target=rights_owner, actor=rights_owner)
    audit.record(action="account.contact_updated", target=rights_owner, actor=rights_owner)
    there_row = UserSession.objects.get(session_key=there.session.session_key)

    page = here.get(SECURITY).content.decode()
    assert "This browser" in page and "Safari/17" in page
    assert reverse("accounts:session_sign_out", args=[there_row.pk]) in page
    assert "agency-sync" in page and "not-mine" not in page
    assert "Revoke agency-sync" in page  # the button says which client
    assert "Sign out everywhere" in page
    log = page.split('id="security-log"')[1]
    assert "Two-step verification turned on" in log or "second factor enabled" in log
    assert "Contact details updated" not in log
    assert here.session.session_key not in page
    assert 'href="/account/security/"' in here.get("/account/").content.decode()


def test_security_log_api_shows_this_accounts_security_events_only(rights_owner, outsider):
    trust_device(user=rights_owner, ip_address="203.0.113.9", user_agent="Firefox")
    trust_device(user=outsider, ip_address=None, user_agent="Firefox")
    audit.record(action="account.recovery_codes_regenerated", target=rights_owner)
    audit.record(action="account.contact_updated", target=rights_owner)
    body = with_token(api_token_for(rights_owner)).get("/api/v1/account/security-log/").json()
    assert [e["action"] for e in body] == ["account.recovery_codes_regenerated", "device.trusted"]
    assert body[1]["ip_address"] == "203.0.113.9" and body[1]["label"] == "Device trusted"


def test_security_log_keeps_the_last_fifty_events(rights_owner):
    for _ in range(55):
        audit.record(action="account.password_changed", target=rights_owner)
    body = with_token(api_token_for(rights_owner)).get("/api/v1/account/security-log/").json()
    assert len(body) == 50


@pytest.mark.parametrize(
    "url",
    [
        SECURITY,
        "/account/security/password/",
        "/account/security/sign-out-everywhere/",
    ],
)
def test_security_pages_need_a_signed_in_account(client, url):
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("accounts:login"))


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("get", "/api/v1/account/sessions/"),
        ("get", "/api/v1/account/tokens/"),
        ("get", "/api/v1/account/security-log/"),
        ("post", "/api/v1/auth/logout-all/"),
        ("post", "/api/v1/account/password/"),
        ("delete", "/api/v1/account/sessions/1/"),
    ],
)
def test_credentials_api_needs_credentials(db, method, url):
    assert getattr(APIClient(), method)(url).status_code == 401


def test_security_page_query_count_does_not_grow_with_sessions_and_clients(
    rights_owner, django_assert_max_num_queries
):
    here = browser(rights_owner)
    counts = []
    for extra in (1, 6):
        for i in range(extra):
            browser(rights_owner, agent=f"Agent/{extra}.{i}")
            api_token_for(rights_owner, f"client-{extra}-{i}")
        with django_assert_max_num_queries(12) as ctx:
            assert here.get(SECURITY).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_session_activity_is_noted_at_most_every_few_minutes(rights_owner):
    here = browser(rights_owner)
    row = UserSession.objects.get(user=rights_owner)
    first_seen = row.last_seen_at
    here.get("/account/")
    row.refresh_from_db()
    assert row.last_seen_at == first_seen
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        here.get("/account/")
    row.refresh_from_db()
    assert row.last_seen_at > first_seen


def test_a_session_signed_in_before_the_index_existed_is_indexed_on_its_next_request(
    rights_owner,
):
    here = browser(rights_owner)
    UserSession.objects.all().delete()
    session = here.session
    del session["ipp_session_seen"]
    session.save()
    here.get("/account/")
    assert UserSession.objects.get(user=rights_owner).session_key == here.session.session_key


# --- contention ----------------------------------------------------------------------------------
@pytest.mark.django_db(transaction=True)
def test_two_sign_ins_of_one_client_at_once_leave_one_token():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this)")
    user = UserFactory(email="race@example.com")
    results, barrier = [], threading.Barrier(2)

    def sign_in():
        try:
            barrier.wait()
            issued = credentials.issue_api_token(user=user, client_name="sync", ip_address=None)
            results.append(issued.key)
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_in) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 2
    assert ApiToken.objects.filter(user=user).count() == 1
    assert [works(key) for key in results].count(True) == 1


def test_no_page_shows_a_token_key_or_digest(rights_owner):
    key = api_token_for(rights_owner)
    page = browser(rights_owner).get(SECURITY).content.decode()
    token = ApiToken.objects.get()
    assert key not in page and token.digest not in page and token.token_key not in page
    assert re.search(r"/account/security/api-clients/[0-9a-f-]{36}/revoke/", page)
