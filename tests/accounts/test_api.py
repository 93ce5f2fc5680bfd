"""Accounts API under /api/v1/: the same services as the pages, every refusal a clear 4xx."""

import base64
import json
from datetime import timedelta

import altcha
import pytest
import time_machine
from django.core import mail
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.models import Registration, RegistrationStatus, Role, TrustedDevice, User
from accounts.services.devices import trust_device
from tests.factories import api_token_for

from .steps import last_code, wrong_code

EMAIL = "agency@example.com"
NEW_PASSWORD = "A-long-pass-123"
REG_URL = "/api/v1/auth/registrations/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def registration_body(agreement, altcha_payload):
    def body(**overrides):
        data = {
            "email": EMAIL,
            "location": "CN",
            "identity_kind": "business",
            "registrant_category": "agent",
            "agree_to_user_agreement": True,
            "agreement_version": agreement.version,
            "altcha": altcha_payload(),
        }
        data.update(overrides)
        return {k: v for k, v in data.items() if v is not None}

    return body


@pytest.fixture
def create(api, registration_body, django_capture_on_commit_callbacks):
    def post(**overrides):
        with django_capture_on_commit_callbacks(execute=True):
            return api.post(REG_URL, registration_body(**overrides), format="json")

    return post


@pytest.fixture
def verified_registration(api, create):
    reg_id = create().json()["id"]
    response = api.post(f"{REG_URL}{reg_id}/verify/", {"code": last_code(EMAIL)}, format="json")
    assert response.status_code == 200
    return reg_id


def _authorized(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(user)}")
    return client


def _login(api, email, password, **extra):
    return api.post("/api/v1/auth/login/", {"email": email, "password": password, **extra})


# --- registration ------------------------------------------------------------------------------
def test_challenge_is_a_solvable_proof_of_work_that_registration_accepts(
    api, registration_body, django_capture_on_commit_callbacks
):
    response = api.get("/api/v1/auth/challenge/")
    assert response.status_code == 200
    challenge = response.json()
    assert set(challenge) == {"algorithm", "challenge", "maxnumber", "salt", "signature"}
    solution = altcha.solve_challenge(
        challenge["challenge"],
        challenge["salt"],
        challenge["algorithm"],
        max_number=challenge["maxnumber"],
    )
    payload = {
        "algorithm": challenge["algorithm"],
        "challenge": challenge["challenge"],
        "number": solution.number,
        "salt": challenge["salt"],
        "signature": challenge["signature"],
    }
    encoded = base64.b64encode(json.dumps(payload).encode()).decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(REG_URL, registration_body(altcha=encoded), format="json")
    assert response.status_code == 201, response.json()


def test_register_verify_complete_returns_a_working_token(
    api, create, django_capture_on_commit_callbacks
):
    response = create()
    assert response.status_code == 201
    body = response.json()
    assert body["email"] == EMAIL and body["status"] == "code_sent"
    reg_id = body["id"]

    response = api.post(f"{REG_URL}{reg_id}/verify/", {"code": last_code(EMAIL)}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "email_verified"

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(f"{REG_URL}{reg_id}/complete/", {"password": NEW_PASSWORD})
    assert response.status_code == 201
    token, device_token = response.json()["token"], response.json()["device_token"]
    user = User.objects.get(email=EMAIL)
    assert user.role == Role.RIGHTS_OWNER and user.agreement_version
    assert TrustedDevice.objects.filter(user=user).count() == 1

    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    me = api.get("/api/v1/me/").json()
    assert me["email"] == EMAIL
    assert me["identity_status"] == "not_submitted"
    assert me["location"] == "CN"

    # Signing in again from the same client replaces its token (one token per client).
    api.credentials()
    response = _login(api, EMAIL, NEW_PASSWORD, device_token=device_token)
    assert response.status_code == 200 and response.json()["token"] != token
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/v1/me/").status_code == 401
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/me/").status_code == 200


@pytest.mark.parametrize(
    "field",
    [
        "email",
        "location",
        "identity_kind",
        "registrant_category",
        "agree_to_user_agreement",
        "agreement_version",
        "altcha",
    ],
)
def test_registration_names_each_missing_field(create, field):
    response = create(**{field: None})
    assert response.status_code == 400
    assert response.json() == {field: ["This field is required."]}
    assert not Registration.objects.exists()


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"email": 12345}, "email", "Enter a valid email address."),
        ({"email": ["a@example.com"]}, "email", "Enter a valid email address."),
        ({"email": "a" * 10_000 + "@example.com"}, "email", "Ensure this field has no more"),
        ({"location": "Narnia"}, "location", '"Narnia" is not a valid choice.'),
        ({"location": {"code": "DE"}}, "location", "is not a valid choice."),
        ({"identity_kind": "robot"}, "identity_kind", '"robot" is not a valid choice.'),
        ({"registrant_category": "x" * 10_000}, "registrant_category", "is not a valid choice."),
        ({"agree_to_user_agreement": "maybe"}, "agree_to_user_agreement", "Must be a valid"),
        (
            {"agree_to_user_agreement": False},
            "agree_to_user_agreement",
            "You must agree to the IPP User Agreement to register.",
        ),
        ({"altcha": "x" * 10_000}, "altcha", "The human check failed or expired."),
        ({"altcha": "<script>alert(1)</script>"}, "altcha", "The human check failed or expired."),
        (
            {"altcha": base64.b64encode(b"null").decode()},
            "altcha",
            "The human check failed or expired.",
        ),
        ({"altcha": 7}, "altcha", "The human check failed or expired."),
        ({"agreement_version": "x" * 10_000}, "agreement_version", "Ensure this field has no"),
    ],
)
def test_registration_refuses_bad_input_with_a_message_on_the_field(
    create, overrides, field, message
):
    response = create(**overrides)
    assert response.status_code == 400
    errors = response.json()
    assert list(errors) == [field]
    assert errors[field][0].startswith(message) or message in errors[field][0], errors
    assert not Registration.objects.exists()
    assert mail.outbox == []


def test_registration_refuses_an_outdated_agreement_version(create, agreement):
    response = create(agreement_version="2020.1")
    assert response.status_code == 400
    assert response.json() == {
        "detail": f"The current IPP User Agreement is version {agreement.version}; "
        "read and accept it.",
        "code": "agreement_outdated",
        "field": "agreement_version",
    }


def test_registration_refuses_a_replayed_human_check(create, altcha_payload):
    solved = altcha_payload()
    assert create(altcha=solved).status_code == 201
    response = create(altcha=solved, email="second@example.com")
    assert response.status_code == 400
    assert response.json() == {
        "altcha": ["That human check was already used. Please complete it again."]
    }


def test_registration_refuses_an_email_with_an_account(create, rights_owner):
    response = create(email="Owner@Example.com")
    assert response.status_code == 400
    assert response.json()["code"] == "email_taken"
    assert response.json()["field"] == "email"


@pytest.mark.parametrize(
    "body",
    [[], "a string", 42, None],
    ids=["list", "string", "number", "null"],
)
def test_registration_refuses_a_body_that_is_not_an_object(api, agreement, body):
    response = api.post(REG_URL, json.dumps(body), content_type="application/json")
    assert response.status_code == 400
    assert "non_field_errors" in response.json() or "detail" in response.json()


def test_malformed_json_is_a_400(api, agreement):
    response = api.post(REG_URL, '{"email": ', content_type="application/json")
    assert response.status_code == 400
    assert response.json()["detail"].startswith("JSON parse error")


def test_a_nul_byte_anywhere_in_the_body_is_refused(api, registration_body):
    response = api.post(REG_URL, registration_body(email="a\x00@example.com"), format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The request contains a NUL character (\\x00), which is never valid input.",
        "code": "nul_byte",
    }
    assert not Registration.objects.exists()


def test_a_deeply_nested_json_body_is_a_400_not_a_crash(api, agreement):
    body = "[" * 100_000 + "]" * 100_000
    response = api.post(REG_URL, body, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["code"] == "json_too_deep"


def test_resend_is_throttled_then_sends_a_new_code(api, create, django_capture_on_commit_callbacks):
    reg_id = create().json()["id"]
    response = api.post(f"{REG_URL}{reg_id}/resend/")
    assert response.status_code == 429
    assert response.json()["code"] == "resend_too_soon"
    assert "You can ask for another in" in response.json()["detail"]
    with (
        time_machine.travel(timezone.now() + timedelta(seconds=61)),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = api.post(f"{REG_URL}{reg_id}/resend/")
    assert response.status_code == 202
    assert len(mail.outbox) == 2


def test_verify_refuses_a_wrong_code_with_the_tries_left(api, create):
    reg_id = create().json()["id"]
    url = f"{REG_URL}{reg_id}/verify/"
    response = api.post(url, {"code": wrong_code(last_code(EMAIL))}, format="json")
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The code is incorrect. 4 tries left.",
        "code": "code_incorrect",
        "field": "code",
    }


@pytest.mark.parametrize("code", ["12345", "abcdef", "1" * 10_000, ["123456"], None, ""])
def test_verify_refuses_a_malformed_code_without_counting_a_try(api, create, code):
    reg_id = create().json()["id"]
    body = {} if code is None else {"code": code}
    response = api.post(f"{REG_URL}{reg_id}/verify/", body, format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["code"]
    assert Registration.objects.get().codes.get().attempts == 0


def test_verify_for_an_unknown_registration_is_404(api, agreement):
    unknown = f"{REG_URL}8a1d4c57-61c2-4f33-9d6c-1a2b3c4d5e6f/verify/"
    response = api.post(unknown, {"code": "123456"})
    assert response.status_code == 404
    assert api.post(f"{REG_URL}not-a-uuid/verify/", {"code": "123456"}).status_code == 404


def test_complete_before_verifying_is_a_conflict(api, create):
    reg_id = create().json()["id"]
    response = api.post(f"{REG_URL}{reg_id}/complete/", {"password": NEW_PASSWORD})
    assert response.status_code == 409
    assert response.json()["code"] == "not_verified"


def test_complete_refuses_a_weak_password(api, verified_registration):
    url = f"{REG_URL}{verified_registration}/complete/"
    response = api.post(url, {"password": "1234567890"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "weak_password" and body["field"] == "password"
    assert "This password is entirely numeric." in body["detail"]
    assert api.post(url, {"password": "x" * 10_000}).json() == {
        "password": ["Ensure this field has no more than 128 characters."]
    }
    assert not User.objects.exists()


def test_a_completed_registration_cannot_be_completed_again(api, verified_registration):
    url = f"{REG_URL}{verified_registration}/complete/"
    assert api.post(url, {"password": NEW_PASSWORD}).status_code == 201
    assert api.post(url, {"password": NEW_PASSWORD}).status_code == 404
    assert User.objects.count() == 1
    assert Registration.objects.get().status == RegistrationStatus.COMPLETED


# --- login and unlock --------------------------------------------------------------------------
def test_login_gives_the_same_answer_for_a_wrong_password_and_an_unknown_email(api, rights_owner):
    wrong = _login(api, rights_owner.email, "not-the-password")
    unknown = _login(api, "nobody@example.com", "not-the-password")
    assert wrong.status_code == unknown.status_code == 400
    assert (
        wrong.json()
        == unknown.json()
        == {
            "detail": "The email address or password is incorrect.",
            "code": "invalid_credentials",
        }
    )


def test_login_locks_an_address_after_five_failures(api, rights_owner, password):
    for _ in range(5):
        assert _login(api, rights_owner.email, "not-the-password").status_code == 400
    response = _login(api, rights_owner.email, password)
    assert response.status_code == 429
    assert response.json()["code"] == "account_locked"


def test_login_from_an_unknown_client_is_403_unusual_activity_and_the_code_unlocks_it(
    api, rights_owner, password, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _login(api, rights_owner.email, password)
    assert response.status_code == 403
    body = response.json()
    assert body["code"] == "unusual_activity"
    assert body["detail"].startswith("We have noticed an unusual activity in your account.")
    assert "token" not in body
    assert [m.to for m in mail.outbox] == [[rights_owner.email]]

    with django_capture_on_commit_callbacks(execute=True):
        response = api.post(
            "/api/v1/auth/unlock/",
            {"unlock_ticket": body["unlock_ticket"], "code": last_code(rights_owner.email)},
        )
    assert response.status_code == 200
    device_token = response.json()["device_token"]
    api.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    assert api.get("/api/v1/me/").json()["email"] == rights_owner.email
    api.credentials()

    again = _login(api, rights_owner.email, password, device_token=device_token)
    assert again.status_code == 200
    assert _login(api, rights_owner.email, password).status_code == 403


def test_unlock_refuses_a_forged_ticket(api, rights_owner):
    response = api.post("/api/v1/auth/unlock/", {"unlock_ticket": "forged", "code": "123456"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_ticket"


def test_unlock_refuses_a_wrong_code(
    api, rights_owner, password, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = _login(api, rights_owner.email, password).json()["unlock_ticket"]
    response = api.post(
        "/api/v1/auth/unlock/",
        {"unlock_ticket": ticket, "code": wrong_code(last_code(rights_owner.email))},
    )
    assert response.status_code == 400
    assert response.json()["detail"] == "The code is incorrect. 4 tries left."


def test_an_unlock_ticket_expires_after_thirty_minutes(api, rights_owner, password):
    ticket = _login(api, rights_owner.email, password).json()["unlock_ticket"]
    with time_machine.travel(timezone.now() + timedelta(minutes=31)):
        response = api.post("/api/v1/auth/unlock/", {"unlock_ticket": ticket, "code": "123456"})
    assert response.status_code == 400
    assert response.json()["code"] == "bad_ticket"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"password": "x"}, "email"),
        ({"email": "owner@example.com"}, "password"),
        ({"email": "not-an-email", "password": "x"}, "email"),
        ({"email": "owner@example.com", "password": "x" * 10_000}, "password"),
        ({"email": "owner@example.com", "password": ["x"]}, "password"),
        ({"email": "owner@example.com", "password": "x", "device_token": "t" * 10_000}, None),
    ],
)
def test_login_refuses_malformed_input_per_field(api, rights_owner, body, field):
    response = api.post("/api/v1/auth/login/", body, format="json")
    assert response.status_code == 400
    if field:
        assert list(response.json()) == [field]
    else:
        assert "device_token" in response.json()


def test_login_is_rate_limited_per_ip(api, agreement):
    for _ in range(30):
        assert api.post("/api/v1/auth/login/", {}).status_code == 400
    response = api.post("/api/v1/auth/login/", {})
    assert response.status_code == 429
    assert response.json()["code"] == "throttled"


def test_registration_is_rate_limited_per_ip(api, agreement):
    for _ in range(10):
        assert api.post(REG_URL, {}).status_code == 400
    assert api.post(REG_URL, {}).status_code == 429


# --- the account's own profile -----------------------------------------------------------------
def test_me_needs_authentication(api):
    assert api.get("/api/v1/me/").status_code == 401
    assert api.patch("/api/v1/me/", {"contact_email": "a@example.com"}).status_code == 401


def test_me_shows_only_the_callers_account(rights_owner, outsider):
    body = _authorized(outsider).get("/api/v1/me/").json()
    assert body["email"] == "outsider@example.com"
    assert body["id"] == outsider.pk
    assert "password" not in body


def test_me_patch_changes_the_contact_email(rights_owner):
    client = _authorized(rights_owner)
    response = client.patch("/api/v1/me/", {"contact_email": "Brand@Example.com"}, format="json")
    assert response.status_code == 200
    assert response.json()["contact_email"] == "brand@example.com"
    rights_owner.refresh_from_db()
    assert rights_owner.contact_email == "brand@example.com"


def test_me_patch_cannot_change_role_email_or_identity_status(rights_owner):
    client = _authorized(rights_owner)
    response = client.patch(
        "/api/v1/me/",
        {
            "role": "reviewer",
            "email": "takeover@example.com",
            "identity_status": "approved",
            "agreement_version": "0",
        },
        format="json",
    )
    assert response.status_code == 200
    rights_owner.refresh_from_db()
    assert rights_owner.role == Role.RIGHTS_OWNER
    assert rights_owner.email == "owner@example.com"
    assert rights_owner.identity_status == "not_submitted"
    assert rights_owner.agreement_version == "2026.1"


@pytest.mark.parametrize(
    "value, message",
    [
        ("brand@", "Enter a valid email address."),
        ("a" * 10_000 + "@example.com", "Ensure this field has no more than 254 characters."),
        (None, "This field may not be null."),
        (["a@example.com"], "Enter a valid email address."),
    ],
)
def test_me_patch_refuses_a_bad_contact_email(rights_owner, value, message):
    client = _authorized(rights_owner)
    response = client.patch("/api/v1/me/", {"contact_email": value}, format="json")
    assert response.status_code == 400
    assert message in response.json()["contact_email"]
    rights_owner.refresh_from_db()
    assert rights_owner.contact_email == "legal@example.com"


def test_me_patch_refuses_a_nul_byte(rights_owner):
    client = _authorized(rights_owner)
    response = client.patch("/api/v1/me/", {"contact_email": "a\x00@example.com"}, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "nul_byte"


def test_logout_revokes_the_token(rights_owner):
    client = _authorized(rights_owner)
    assert client.post("/api/v1/auth/logout/").status_code == 204
    assert client.get("/api/v1/me/").status_code == 401
    assert APIClient().post("/api/v1/auth/logout/").status_code == 401


def test_a_trusted_device_token_of_another_account_does_not_skip_the_check(
    api, rights_owner, outsider, password
):
    token = trust_device(user=outsider, ip_address=None, user_agent="script")
    assert _login(api, rights_owner.email, password, device_token=token).status_code == 403


# --- password reset ----------------------------------------------------------------------------
def test_password_reset_answers_alike_and_emails_only_a_registered_address(
    api, rights_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = api.post("/api/v1/auth/password-reset/", {"email": rights_owner.email})
        unknown = api.post("/api/v1/auth/password-reset/", {"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 202
    assert known.json() == unknown.json()
    assert [m.to for m in mail.outbox] == [[rights_owner.email]]


@pytest.mark.parametrize("body", [{}, {"email": "nobody"}, {"email": ["a@example.com"]}, []])
def test_password_reset_refuses_a_malformed_email(api, agreement, body):
    response = api.post("/api/v1/auth/password-reset/", body, format="json")
    assert response.status_code == 400
    assert mail.outbox == []


# --- schema and docs ---------------------------------------------------------------------------
def test_openapi_schema_lists_the_account_endpoints(api, db):
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    paths = json.loads(response.content)["paths"]
    for path in (
        "/api/v1/auth/challenge/",
        "/api/v1/auth/registrations/",
        "/api/v1/auth/registrations/{id}/resend/",
        "/api/v1/auth/registrations/{id}/verify/",
        "/api/v1/auth/registrations/{id}/complete/",
        "/api/v1/auth/login/",
        "/api/v1/auth/unlock/",
        "/api/v1/auth/logout/",
        "/api/v1/auth/password-reset/",
        "/api/v1/me/",
    ):
        assert path in paths, path
    assert set(paths["/api/v1/me/"]) >= {"get", "patch"}


def test_api_docs_load_from_the_bundled_swagger_ui(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in page
    assert "cdn." not in page and "unpkg" not in page
    bundle = client.get("/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js")
    assert bundle.status_code == 200
