"""Account pages: register -> code -> password -> account, member login with device trust,
password reset. What a person sees: each error next to its field, nothing typed lost."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings as django_settings
from django.core import mail
from django.test import Client
from django.utils import timezone

from accounts.models import Registration, TrustedDevice, User
from accounts.services.devices import trust_device

from .steps import (
    alerts,
    field_errors,
    form_values,
    last_code,
    registration_form,
    wrong_code,
)

EMAIL = "new.owner@example.com"
NEW_PASSWORD = "A-long-pass-123"
UNUSUAL = "We have noticed an unusual activity in your account."


@pytest.fixture
def post_register(client, agreement, altcha_payload, django_capture_on_commit_callbacks):
    """POST the registration form (a freshly solved human check unless one is given)."""

    def post(**overrides):
        overrides.setdefault("human_check", altcha_payload())
        with django_capture_on_commit_callbacks(execute=True):
            return client.post("/register/", registration_form(**overrides))

    return post


@pytest.fixture
def verified(client, post_register):
    """A browser session whose registration passed the email code step."""
    assert post_register().status_code == 302
    response = client.post("/register/verify/", {"code": last_code(EMAIL)})
    assert response["Location"] == "/register/password/"
    return client


@pytest.fixture
def registered(verified, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = verified.post(
            "/register/password/", {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
        )
    assert response["Location"] == "/account/"
    return verified


def _login(client, email, password, **extra):
    return client.post("/login/", {"email": email, "password": password, **extra})


# --- the pages everyone sees -------------------------------------------------------------------
def test_every_page_offers_register_and_member_login_to_visitors(client, agreement):
    for url in ("/", "/agreement/", "/login/"):
        page = client.get(url).content.decode()
        assert 'href="/register/"' in page and 'href="/login/"' in page, url


def test_agreement_page_shows_the_published_version(client, agreement):
    response = client.get(f"/agreement/{agreement.version}/")
    assert response.status_code == 200
    assert agreement.title in response.content.decode()
    assert client.get("/agreement/1999.9/").status_code == 404


def test_register_page_shows_the_faq_fields_and_a_self_hosted_human_check(client, agreement):
    page = client.get("/register/").content.decode()
    for name in ("location", "identity_kind", "registrant_category", "email", "agree"):
        assert f'name="{name}"' in page
    assert "<altcha-widget" in page
    assert 'name="human_check"' in page
    assert "/static/altcha/altcha.min.js" in page
    assert f'href="/agreement/{agreement.version}/"' in page


# --- registration form errors ------------------------------------------------------------------
@pytest.mark.parametrize(
    "overrides, field_error",
    [
        ({"location": None}, "Select your country or region."),
        ({"location": "XX"}, "Select a valid choice. XX is not one of the available choices."),
        (
            {"identity_kind": None},
            "Choose whether you register as an individual or a business.",
        ),
        (
            {"registrant_category": None},
            "Choose whether you own the IPR or act as its agent.",
        ),
        ({"email": None}, "Enter your email address."),
        ({"email": "owner-at-example.com"}, "Enter a valid email address, like name@example.com."),
        ({"agree": None}, "You must agree to the IPP User Agreement to register."),
        (
            {"human_check": ""},
            "Complete the human check: tick \u201cI'm not a robot\u201d and wait for the check "
            "mark.",
        ),
        ({"human_check": "bm90IGEgcGF5bG9hZA=="}, "The human check failed or expired."),
        ({"human_check": "bnVsbA=="}, "The human check failed or expired."),
    ],
    ids=[
        "no-location",
        "unknown-location",
        "no-identity",
        "no-category",
        "no-email",
        "malformed-email",
        "no-agreement",
        "no-human-check",
        "forged-human-check",
        "null-human-check",
    ],
)
def test_registration_form_names_the_one_thing_wrong_and_keeps_the_rest(
    post_register, overrides, field_error
):
    response = post_register(**overrides)
    assert response.status_code == 200
    page = response.content.decode()
    errors = field_errors(page)
    assert len(errors) == 1, errors
    assert errors[0].startswith(field_error)
    shown = form_values(page)
    typed = registration_form(**{"human_check": "", **overrides})
    for name in ("location", "identity_kind", "registrant_category", "email", "agree"):
        if name not in overrides or name == "email" and typed.get(name):
            assert shown.get(name) == typed[name], name
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_registration_form_keeps_every_answer_after_an_error(post_register):
    page = post_register(email="bad-address", agree=None).content.decode()
    assert form_values(page) == {
        "location": "DE",
        "identity_kind": "business",
        "registrant_category": "agent",
        "email": "bad-address",
    }
    assert field_errors(page) == [
        "Enter a valid email address, like name@example.com.",
        "You must agree to the IPP User Agreement to register.",
    ]


def test_a_forged_human_check_is_refused(post_register, altcha_payload):
    import base64
    import json

    payload = json.loads(base64.b64decode(altcha_payload()))
    payload["number"] += 1
    forged = base64.b64encode(json.dumps(payload).encode()).decode()
    page = post_register(human_check=forged).content.decode()
    assert field_errors(page) == ["The human check failed or expired. Please complete it again."]


def test_a_human_check_cannot_be_replayed(post_register, altcha_payload):
    solved = altcha_payload()
    assert post_register(human_check=solved).status_code == 302
    page = post_register(human_check=solved, email="second@example.com").content.decode()
    assert field_errors(page) == ["That human check was already used. Please complete it again."]
    assert Registration.objects.count() == 1


def test_registering_an_email_that_has_an_account_says_so_on_the_email_field(
    post_register, rights_owner
):
    page = post_register(email="Owner@Example.com").content.decode()
    assert field_errors(page) == [
        "An account with this email address already exists. Sign in with it, or use "
        "\u201cForgot password?\u201d on the sign-in page."
    ]
    assert form_values(page)["email"] == "Owner@Example.com"
    assert not Registration.objects.exists()


def test_a_10k_character_email_gets_a_field_error_not_a_crash(post_register):
    page = post_register(email="a" * 10_000 + "@example.com").content.decode()
    assert "Ensure this value has at most 254 characters (it has 10012)." in field_errors(page)
    assert not Registration.objects.exists()


def test_a_nul_byte_in_the_form_is_refused_with_a_clear_message(post_register):
    response = post_register(email="new\x00@example.com")
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()
    assert not Registration.objects.exists()


# --- registration: code and password -----------------------------------------------------------
def test_registering_records_the_agreement_and_emails_a_code(post_register, agreement):
    response = post_register()
    assert response["Location"] == "/register/verify/"
    reg = Registration.objects.get()
    assert reg.agreement == agreement and reg.agreement_accepted_at is not None
    assert (reg.location.code, reg.identity_kind, reg.registrant_category) == (
        "DE",
        "business",
        "agent",
    )
    assert re.fullmatch(r"\d{6}", last_code(EMAIL))


def test_verify_page_says_where_the_code_went(client, post_register):
    post_register()
    page = client.get("/register/verify/").content.decode()
    assert EMAIL in page and "valid for 10 minutes" in page


def test_wrong_code_on_the_page_says_how_many_tries_are_left(client, post_register):
    post_register()
    code = last_code(EMAIL)
    wrong = wrong_code(code)
    page = client.post("/register/verify/", {"code": wrong}).content.decode()
    assert field_errors(page) == ["The code is incorrect. 4 tries left."]


def test_a_code_that_is_not_six_digits_is_refused_before_it_counts(client, post_register):
    post_register()
    for bad in ("12345", "abcdef", "1234567"):
        page = client.post("/register/verify/", {"code": bad}).content.decode()
        assert field_errors(page) == ["Enter the 6-digit code from the email."], bad
    page = client.post("/register/verify/", {"code": wrong_code(last_code(EMAIL))})
    assert field_errors(page.content.decode()) == ["The code is incorrect. 4 tries left."]


def test_after_five_wrong_codes_the_page_asks_for_a_new_code(client, post_register):
    post_register()
    code = last_code(EMAIL)
    wrong = wrong_code(code)
    for _ in range(5):
        client.post("/register/verify/", {"code": wrong})
    page = client.post("/register/verify/", {"code": code}).content.decode()
    assert field_errors(page) == [
        "Too many wrong codes. This code no longer works; please send a new one."
    ]


def test_expired_code_on_the_page_asks_for_a_new_one(client, post_register):
    post_register()
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        page = client.post("/register/verify/", {"code": last_code(EMAIL)}).content.decode()
    assert field_errors(page) == [
        "This code has expired (codes last 10 minutes). Please send a new one."
    ]


def test_resend_is_throttled_with_a_clear_message_then_sends_a_working_code(
    client, post_register, django_capture_on_commit_callbacks
):
    post_register()
    response = client.post("/register/resend/", follow=True)
    [message] = alerts(response.content.decode())
    assert message.startswith("A code was sent moments ago. You can ask for another in")
    assert len(mail.outbox) == 1
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post("/register/resend/", follow=True)
        assert alerts(response.content.decode()) == [f"A new code is on its way to {EMAIL}."]
        assert len(mail.outbox) == 2
        response = client.post("/register/verify/", {"code": last_code(EMAIL)})
    assert response["Location"] == "/register/password/"


def test_the_code_and_password_steps_need_the_registration_this_browser_started(
    client, post_register
):
    post_register()
    stranger = Client()
    assert stranger.get("/register/verify/").status_code == 404
    assert stranger.post("/register/verify/", {"code": last_code(EMAIL)}).status_code == 404
    assert stranger.get("/register/password/").status_code == 404
    assert client.get("/register/password/")["Location"] == "/register/verify/"


@pytest.mark.parametrize(
    "password1, password2, field_error",
    [
        ("short1!", "short1!", "This password is too short. It must contain at least 10"),
        ("1234567890123", "1234567890123", "This password is entirely numeric."),
        ("password1234", "password1234", "This password is too common."),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "The two passwords do not match."),
        ("", "", "Choose a password."),
    ],
    ids=["short", "numeric", "common", "mismatch", "missing"],
)
def test_password_step_explains_a_weak_or_mismatched_password(
    verified, password1, password2, field_error
):
    response = verified.post(
        "/register/password/", {"password1": password1, "password2": password2}
    )
    assert response.status_code == 200
    page = response.content.decode()
    errors = field_errors(page) + alerts(page)
    assert any(field_error in e for e in errors), errors
    assert sum(field_error in e for e in errors) == 1, "the message is shown once"
    assert not User.objects.exists()


def test_finishing_registration_lands_on_the_account_page_pending_identity_verification(
    registered, agreement
):
    response = registered.get("/account/")
    page = response.content.decode()
    assert 'id="identity-status">Pending identity verification<' in page
    assert alerts(page) == ["Your account is registered."]
    user = User.objects.get(email=EMAIL)
    assert response.context["user"] == user
    assert user.agreement_version == agreement.version
    assert f"v{agreement.version}, accepted" in page


def test_finishing_registration_trusts_this_browser(registered):
    cookie = registered.cookies["ipp_device"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert TrustedDevice.objects.filter(user__email=EMAIL).count() == 1


def test_finishing_registration_sends_the_welcome_email(registered):
    welcome = [m for m in mail.outbox if m.subject == "Welcome to the IPP Portal"]
    assert [m.to for m in welcome] == [[EMAIL]]


def test_registration_form_is_protected_by_csrf(agreement, altcha_payload):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/register/", registration_form(altcha_payload()))
    assert response.status_code == 403
    assert not Registration.objects.exists()
    browser.get("/register/")
    token = browser.cookies["csrftoken"].value
    response = browser.post(
        "/register/", registration_form(altcha_payload(), csrfmiddlewaretoken=token)
    )
    assert response.status_code == 302
    assert Registration.objects.count() == 1


# --- member login ------------------------------------------------------------------------------
def test_wrong_password_and_unknown_email_show_the_identical_page(client, rights_owner):
    wrong = _login(client, rights_owner.email, "not-the-password")
    unknown = _login(client, "nobody@example.com", "not-the-password")
    assert wrong.status_code == unknown.status_code == 200
    assert alerts(wrong.content.decode()) == ["The email address or password is incorrect."]
    assert alerts(unknown.content.decode()) == alerts(wrong.content.decode())


@pytest.mark.parametrize("email", ["owner@example.com", "nobody@example.com"])
def test_five_failed_sign_ins_lock_the_address_whether_or_not_it_is_registered(
    client, rights_owner, password, email
):
    for _ in range(5):
        _login(client, email, "not-the-password")
    page = _login(client, email, password).content.decode()
    assert alerts(page) == [
        "Too many failed sign-in attempts. Sign-in for this account is locked for 15 minutes; "
        "wait, or reset your password."
    ]
    assert "_auth_user_id" not in client.session


def test_login_form_errors_name_the_field(client, agreement):
    page = client.post("/login/", {"email": "not-an-email", "password": ""}).content.decode()
    assert field_errors(page) == [
        "Enter a valid email address, like name@example.com.",
        "Enter your password.",
    ]
    assert form_values(page)["email"] == "not-an-email"


def test_sign_in_from_an_unknown_device_shows_the_unusual_activity_message(
    client, rights_owner, password, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _login(client, rights_owner.email, password)
    assert response["Location"] == "/login/unlock/"
    assert "_auth_user_id" not in client.session
    page = client.get("/login/unlock/").content.decode()
    assert alerts(page) == [
        "We have noticed an unusual activity in your account. This might be because you tried "
        "to sign in from another location or device. To protect your account we have "
        "temporarily locked it."
    ]
    assert "ow***@example.com" in page
    assert [m.to for m in mail.outbox] == [[rights_owner.email]]
    assert client.get("/account/").status_code == 302


def test_unlock_code_signs_in_trusts_the_browser_and_later_sign_ins_are_not_challenged(
    client, rights_owner, password, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _login(client, rights_owner.email, password)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/login/unlock/", {"code": last_code(rights_owner.email)})
    assert response["Location"] == "/account/"
    assert client.cookies["ipp_device"].value
    assert alerts(client.get("/account/").content.decode()) == [
        "Your account is unlocked and this device is trusted."
    ]
    client.post("/logout/")
    assert "_auth_user_id" not in client.session
    sent = len(mail.outbox)
    response = _login(client, rights_owner.email, password)
    assert response["Location"] == "/account/"
    assert int(client.session["_auth_user_id"]) == rights_owner.pk
    assert len(mail.outbox) == sent

    other_browser = Client()
    response = _login(other_browser, rights_owner.email, password)
    assert response["Location"] == "/login/unlock/"


def test_wrong_unlock_code_keeps_the_account_locked(
    client, rights_owner, password, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _login(client, rights_owner.email, password)
    wrong = wrong_code(last_code(rights_owner.email))
    page = client.post("/login/unlock/", {"code": wrong}).content.decode()
    assert field_errors(page) == ["The code is incorrect. 4 tries left."]
    assert "_auth_user_id" not in client.session
    assert "ipp_device" not in client.cookies


def test_unlock_page_needs_a_sign_in_attempt_first(client, rights_owner):
    assert client.get("/login/unlock/").status_code == 404
    assert client.post("/login/unlock/", {"code": "123456"}).status_code == 404


def test_a_forged_device_cookie_does_not_skip_the_unusual_activity_check(
    client, rights_owner, outsider, password
):
    client.cookies["ipp_device"] = trust_device(user=outsider, ip_address=None, user_agent="x")
    assert _login(client, rights_owner.email, password)["Location"] == "/login/unlock/"
    client.cookies["ipp_device"] = "forged-token"
    assert _login(client, rights_owner.email, password)["Location"] == "/login/unlock/"


def test_sign_in_follows_a_local_next_but_never_an_outside_one(client, rights_owner, password):
    client.cookies["ipp_device"] = trust_device(user=rights_owner, ip_address=None, user_agent="")
    response = _login(client, rights_owner.email, password, next="https://evil.example/")
    assert response["Location"] == "/account/"
    client.post("/logout/")
    response = _login(client, rights_owner.email, password, next="/account/contact/")
    assert response["Location"] == "/account/contact/"


def test_sign_out_needs_a_post(client, rights_owner):
    client.force_login(rights_owner)
    assert client.get("/logout/").status_code == 405
    response = client.post("/logout/", follow=True)
    assert alerts(response.content.decode()) == ["You are signed out."]
    assert client.get("/account/")["Location"] == "/login/?next=/account/"


def test_account_page_needs_a_signed_in_user(client):
    assert client.get("/account/")["Location"] == "/login/?next=/account/"


def test_login_is_rate_limited_per_ip(client, agreement):
    for _ in range(30):
        assert client.post("/login/", {}).status_code == 200
    response = client.post("/login/", {})
    assert response.status_code == 429
    assert "at most 30 in 10 minutes" in response.content.decode()
    other_ip = Client(REMOTE_ADDR="198.51.100.9")
    assert other_ip.post("/login/", {}).status_code == 200


def test_registration_is_rate_limited_per_ip(client, agreement):
    for _ in range(10):
        assert client.post("/register/", {}).status_code == 200
    response = client.post("/register/", {})
    assert response.status_code == 429
    assert "Too many attempts" in response.content.decode()


# --- contact details ---------------------------------------------------------------------------
def test_contact_email_is_saved_from_the_contact_page(client, outsider):
    client.force_login(outsider)
    response = client.post("/account/contact/", {"contact_email": "Brand@Example.com"})
    assert response["Location"] == "/account/"
    outsider.refresh_from_db()
    assert outsider.contact_email == "brand@example.com"
    assert outsider.notification_emails == ["outsider@example.com", "brand@example.com"]


def test_contact_page_refuses_a_malformed_email(client, outsider):
    client.force_login(outsider)
    page = client.post("/account/contact/", {"contact_email": "brand@"}).content.decode()
    assert "Enter a valid email address, like name@example.com." in field_errors(page)
    outsider.refresh_from_db()
    assert outsider.contact_email == ""


# --- password reset ----------------------------------------------------------------------------
def test_password_reset_answers_alike_and_emails_only_registered_addresses(
    client, rights_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registered = client.post("/account/password-reset/", {"email": "OWNER@example.com"})
        unknown = client.post("/account/password-reset/", {"email": "nobody@example.com"})
    assert registered.status_code == unknown.status_code == 200
    # Alike but for the (per-render masked) CSRF token of the header's language switch.
    token = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')
    assert token.sub(b"", registered.content) == token.sub(b"", unknown.content)
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert "/account/reset/" in mail.outbox[0].body


def test_password_reset_link_sets_a_new_password_once(
    client, rights_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/account/password-reset/", {"email": rights_owner.email})
    # The link is on SITE_URL (the local run's address in tests), never the request's host.
    origin = re.escape(django_settings.SITE_URL)
    link = re.search(origin + r"(/account/reset/\S+/)", mail.outbox[0].body).group(1)
    form_url = client.get(link)["Location"]
    response = client.post(
        form_url, {"new_password1": "Brand-new-pass-77", "new_password2": "Brand-new-pass-77"}
    )
    assert response["Location"] == "/login/"
    rights_owner.refresh_from_db()
    assert rights_owner.check_password("Brand-new-pass-77")
    again = client.get(link, follow=True).content.decode()
    assert "This reset link is invalid or was already used." in again


def test_password_reset_form_refuses_a_malformed_email(client, agreement):
    page = client.post("/account/password-reset/", {"email": "nobody"}).content.decode()
    assert field_errors(page) == ["Enter a valid email address, like name@example.com."]
    assert mail.outbox == []


# --- dev mailbox -------------------------------------------------------------------------------
def test_dev_mailbox_does_not_exist_without_debug(client, settings):
    settings.DEBUG = False
    assert client.get("/dev/mailbox/").status_code == 404


def test_dev_mailbox_shows_the_emailed_code_with_debug(post_register, client, settings, tmp_path):
    settings.DEBUG = True
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "mail")
    post_register()
    page = client.get("/dev/mailbox/").content.decode()
    code = re.search(r"Your IPP verification code: (\d{6})", page)
    assert code, page
    assert EMAIL in page
    response = client.post("/register/verify/", {"code": code.group(1)})
    assert response["Location"] == "/register/password/"


@pytest.mark.django_db
def test_a_double_clicked_registration_starts_one_registration(client, agreement, altcha_payload):
    page = client.get("/register/").content.decode()
    token = re.search(r'name="form_once" value="([^"]+)"', page).group(1)
    data = registration_form(altcha_payload(), form_once=token)
    first = client.post("/register/", data)
    second = client.post("/register/", data)
    assert first.status_code == second.status_code == 302
    assert second["Location"] == first["Location"] == "/register/verify/"
    assert Registration.objects.count() == 1
