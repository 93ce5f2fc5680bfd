"""Second-factor pages: staff enrol on their first sign-in and verify on every one after, owners
and sellers may turn it on and off, and a session that has not passed it reaches nothing else."""

import re
from base64 import b32encode

import pytest
import time_machine
from django.test import Client
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit_actions import AccountAction
from accounts.services import second_factor as services
from accounts.services.devices import trust_device
from core.models import AuditEvent
from tests.accounts.steps import emails_to, last_code
from tests.second_factor import enrol, fresh_totp_code, totp_code

pytestmark = pytest.mark.django_db

SETUP = "/account/security/second-factor/setup/"
VERIFY = "/account/sign-in/second-factor/"
CODES = "/account/security/second-factor/recovery-codes/"
MANAGE = "/account/security/second-factor/"
TURN_OFF = "/account/security/second-factor/turn-off/"


def _password_step(client, user, password, **extra):
    """The first step from a trusted browser (no unusual-activity lock)."""
    client.cookies["ipp_device"] = trust_device(user=user, ip_address=None, user_agent="")
    return client.post("/login/", {"email": user.email, "password": password, **extra})


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


def _secret(html: str) -> str:
    return re.search(r'id="totp-secret">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")


def _audited(user, action) -> int:
    return AuditEvent.objects.filter(
        target_type="accounts.user", target_id=str(user.pk), action=action
    ).count()


# --- staff: enrol on the first sign-in ---------------------------------------------------------
def test_staff_without_a_second_factor_must_set_one_up_before_they_are_signed_in(
    client, reviewer, password
):
    response = _password_step(client, reviewer, password, next="/review/")
    assert response["Location"] == SETUP
    assert not _signed_in(client)
    assert client.get("/review/")["Location"].startswith("/login/")

    page = client.get(SETUP)
    html = page.content.decode()
    assert page.status_code == 200
    assert "Staff accounts sign in with a second factor every time" in html
    assert '<svg viewBox="' in html and 'class="qr-code"' in html
    main = html.split("<main", 1)[1].split("</main>", 1)[0]
    assert "<img" not in main and "<script" not in main  # drawn on the server, no script
    assert "no-store" in page["Cache-Control"] or "max-age=0" in page["Cache-Control"]
    device = TOTPDevice.objects.get(user=reviewer, confirmed=False)
    assert _secret(html) == b32encode(device.bin_key).decode()

    response = client.post(SETUP, {"code": totp_code(device)})
    assert response["Location"] == CODES
    assert _signed_in(client)
    codes_page = client.get(CODES).content.decode()
    shown = re.findall(r"<li><code>([a-z2-7]{4}-[a-z2-7]{4})</code></li>", codes_page)
    assert len(shown) == 10
    assert 'href="/review/"' in codes_page
    assert client.get(CODES)["Location"] == MANAGE  # shown once only
    assert client.get("/review/").status_code == 200


def test_a_wrong_first_code_says_so_and_keeps_the_same_qr_code(client, reviewer, password):
    _password_step(client, reviewer, password)
    secret = _secret(client.get(SETUP).content.decode())
    device = TOTPDevice.objects.get(user=reviewer)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"
    page = client.post(SETUP, {"code": wrong}).content.decode()
    assert "That code is not right." in page
    assert _secret(page) == secret
    assert not _signed_in(client)
    assert _audited(reviewer, AccountAction.SECOND_FACTOR_FAILED) == 1


def test_the_set_up_page_refuses_a_malformed_code_before_it_counts(client, reviewer, password):
    _password_step(client, reviewer, password)
    client.get(SETUP)
    page = client.post(SETUP, {"code": "12ab"}).content.decode()
    assert "Enter the 6 digits your authenticator app shows now." in page
    assert TOTPDevice.objects.get(user=reviewer).throttling_failure_count == 0


# --- staff: verify on every sign-in ------------------------------------------------------------
def test_staff_with_a_second_factor_enter_a_code_on_every_sign_in(client, reviewer, password):
    device, _codes = enrol(reviewer)
    for _ in range(2):
        browser = Client()
        response = _password_step(browser, reviewer, password, next="/review/")
        assert response["Location"] == VERIFY
        assert not _signed_in(browser)
        assert browser.get("/review/")["Location"].startswith("/login/")
        response = browser.post(VERIFY, {"code": fresh_totp_code(device)})
        assert response["Location"] == "/review/"
        assert _signed_in(browser)
        assert browser.get("/review/").status_code == 200
    assert _audited(reviewer, AccountAction.SECOND_FACTOR_VERIFIED) == 2


def test_a_wrong_code_shows_a_clear_message_and_does_not_sign_in(client, reviewer, password):
    device, _codes = enrol(reviewer)
    _password_step(client, reviewer, password)
    wrong = f"{(int(totp_code(device)) + 500_000) % 1_000_000:06d}"
    with time_machine.travel(timezone.now(), tick=False):
        page = client.post(VERIFY, {"code": wrong}).content.decode()
        assert "That code is not right. Enter the newest 6-digit code" in page
        assert not _signed_in(client)
        page = client.post(VERIFY, {"code": fresh_totp_code(device)}).content.decode()
        assert "Too many wrong codes. Wait 1 second, then try again." in page
        assert not _signed_in(client)


def test_a_recovery_code_signs_in_once_and_says_how_many_are_left(client, reviewer, password):
    _device, codes = enrol(reviewer)
    _password_step(client, reviewer, password)
    response = client.post(VERIFY, {"code": codes[0]}, follow=True)
    assert response.redirect_chain[-1][0] == "/account/"
    assert "You used a recovery code; 9 are left." in response.content.decode()

    again = Client()
    _password_step(again, reviewer, password)
    page = again.post(VERIFY, {"code": codes[0]}).content.decode()
    assert "That recovery code is not right, or it was already used." in page
    assert not _signed_in(again)


def test_the_second_step_needs_a_password_step_first_and_expires(client, reviewer, password):
    enrol(reviewer)
    assert client.get(VERIFY)["Location"] == "/login/"
    _password_step(client, reviewer, password)
    session = client.session
    pending = session["ipp_second_factor_pending"]
    session["ipp_second_factor_pending"] = {**pending, "t": pending["t"] - 11 * 60}
    session.save()
    assert client.get(VERIFY)["Location"] == "/login/"


def test_an_unknown_device_unlocks_with_the_emailed_code_then_asks_for_the_second_factor(
    client, reviewer, password, django_capture_on_commit_callbacks
):
    device, _codes = enrol(reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/login/", {"email": reviewer.email, "password": password})
    assert response["Location"] == "/login/unlock/"
    assert emails_to(reviewer.email)
    response = client.post("/login/unlock/", {"code": last_code(reviewer.email)})
    assert response["Location"] == VERIFY
    assert response.cookies["ipp_device"].value
    assert not _signed_in(client)
    assert client.post(VERIFY, {"code": fresh_totp_code(device)})["Location"] == "/account/"
    assert _signed_in(client)


def test_an_unverified_staff_session_is_sent_to_the_second_factor(client, reviewer):
    client.force_login(reviewer, otp_verified=False)
    response = client.get("/review/")
    assert response["Location"] == f"{SETUP}?next=%2Freview%2F"
    for path in ("/account/", "/staff/identity/", "/ipr/review/"):
        assert client.get(path).status_code == 302
    api = client.get("/api/v1/review/identity/")
    assert api.status_code == 403
    assert api.json()["code"] == "second_factor_enrolment_required"

    device, _codes = enrol(reviewer)
    assert client.get("/review/")["Location"] == f"{VERIFY}?next=%2Freview%2F"
    assert client.get("/api/v1/me/").json()["code"] == "second_factor_required"
    response = client.post(f"{VERIFY}?next=/review/", {"code": fresh_totp_code(device)})
    assert response["Location"] == "/review/"
    assert client.get("/review/").status_code == 200


def test_staff_with_a_second_factor_cannot_set_up_another_one(client, reviewer, password):
    enrol(reviewer)
    _password_step(client, reviewer, password)
    assert client.get(SETUP)["Location"] == VERIFY
    assert TOTPDevice.objects.filter(user=reviewer).count() == 1


def test_staff_cannot_turn_it_off(client, reviewer):
    device, _codes = enrol(reviewer)
    client.force_login(reviewer)
    page = client.get(TURN_OFF).content.decode()
    assert "Staff accounts must keep two-step verification on." in page
    assert "Turn off</a>" not in client.get(MANAGE).content.decode()
    response = client.post(TURN_OFF, {"code": fresh_totp_code(device)}, follow=True)
    assert "Staff accounts must keep two-step verification on." in response.content.decode()
    assert services.has_second_factor(reviewer)


# --- owners and sellers: optional --------------------------------------------------------------
def test_owners_sign_in_with_the_password_alone_until_they_turn_it_on(
    client, rights_owner, password
):
    assert _password_step(client, rights_owner, password)["Location"] == "/account/"
    assert _signed_in(client)
    page = client.get("/account/").content.decode()
    assert 'id="sign-in-security"' in page and "Turn on</a>" in page


def test_an_owner_turns_it_on_and_later_sign_ins_ask_for_a_code(client, rights_owner, password):
    _password_step(client, rights_owner, password)
    html = client.get(SETUP).content.decode()
    assert "Staff accounts" not in html
    device = TOTPDevice.objects.get(user=rights_owner)
    assert _secret(html) == b32encode(device.bin_key).decode()
    assert client.post(SETUP, {"code": totp_code(device)})["Location"] == CODES
    assert len(re.findall(r"<li><code>", client.get(CODES).content.decode())) == 10
    assert 'recovery-codes-left">10' in client.get(MANAGE).content.decode()
    assert client.get("/account/").status_code == 200  # this session is verified

    browser = Client()
    assert _password_step(browser, rights_owner, password)["Location"] == VERIFY
    assert not _signed_in(browser)
    assert browser.post(VERIFY, {"code": fresh_totp_code(device)})["Location"] == "/account/"


def test_an_owners_older_session_must_pass_the_second_factor_once_it_is_on(client, rights_owner):
    client.force_login(rights_owner)
    device, _codes = enrol(rights_owner)
    assert client.get("/ipr/")["Location"] == f"{VERIFY}?next=%2Fipr%2F"
    client.post(VERIFY, {"code": fresh_totp_code(device)})
    assert client.get("/ipr/").status_code == 200


def test_an_owner_turns_it_off_with_a_code(client, seller, password):
    device, _codes = enrol(seller)
    client.force_login(seller)
    response = client.post(TURN_OFF, {"code": fresh_totp_code(device)})
    assert response["Location"] == "/account/"
    assert not services.has_second_factor(seller)
    assert _audited(seller, AccountAction.SECOND_FACTOR_DISABLED) == 1
    assert _password_step(Client(), seller, password)["Location"] == "/account/"


def test_new_recovery_codes_are_confirmed_then_shown_once(client, rights_owner):
    _device, old = enrol(rights_owner)
    client.force_login(rights_owner)
    assert (
        "You have 10 unused recovery codes."
        in client.get("/account/security/second-factor/recovery-codes/new/").content.decode()
    )
    response = client.post("/account/security/second-factor/recovery-codes/new/")
    assert response["Location"] == CODES
    new = re.findall(r"<li><code>([a-z2-7-]+)</code>", client.get(CODES).content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert _audited(rights_owner, AccountAction.RECOVERY_CODES_REGENERATED) == 1


def test_second_factor_pages_need_a_sign_in(client):
    for path in (MANAGE, TURN_OFF, CODES, "/account/security/second-factor/recovery-codes/new/"):
        assert client.get(path)["Location"].startswith("/login/")
    assert client.get(SETUP)["Location"] == "/login/"


def test_the_second_step_is_rate_limited_per_ip(client, reviewer, password):
    enrol(reviewer)
    _password_step(client, reviewer, password)
    statuses = [client.post(VERIFY, {"code": "abc"}).status_code for _ in range(31)]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
