"""Account tasks: code emails go out only while the code is live, reset links only to accounts,
old codes are purged; and a real worker delivers the registration code."""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import mail
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import urlsafe_base64_decode

from accounts.models import CodePurpose, VerificationCode
from accounts.services.codes import hash_code
from accounts.tasks import purge_expired_codes, send_code_email, send_password_reset
from core.tasks import send_templated_email

from .steps import last_code, registration_form


def _code_row(user, **fields) -> VerificationCode:
    now = timezone.now()
    values = {
        "purpose": CodePurpose.UNLOCK,
        "user": user,
        "code_hash": hash_code(CodePurpose.UNLOCK, "123456"),
        "created_at": now,
        "expires_at": now + timedelta(minutes=10),
    }
    values.update(fields)
    return VerificationCode.objects.create(**values)


def test_send_code_email_sends_a_live_unlock_code_to_the_given_address(rights_owner):
    row = _code_row(rights_owner)
    assert send_code_email.delay(row.pk, rights_owner.email, "123456").get() is True
    [message] = mail.outbox
    assert message.to == [rights_owner.email]
    assert message.subject == "Unusual activity: your IPP unlock code is 123456"
    assert "123456" in message.body
    assert message.alternatives and "123456" in message.alternatives[0][0]


@pytest.mark.parametrize(
    "fields",
    [
        {"superseded": True},
        {"consumed_at": timezone.now()},
        {"attempts": 5},
        {"expires_at": timezone.now() - timedelta(seconds=1)},
    ],
    ids=["superseded", "used", "dead", "expired"],
)
def test_send_code_email_sends_nothing_for_a_code_that_is_no_longer_live(rights_owner, fields):
    row = _code_row(rights_owner, **fields)
    assert send_code_email.delay(row.pk, rights_owner.email, "123456").get() is False
    assert mail.outbox == []


def test_send_code_email_for_a_deleted_code_is_harmless(db):
    assert send_code_email.delay(987654, "someone@example.com", "123456").get() is False
    assert mail.outbox == []


def test_password_reset_task_sends_a_valid_link_on_site_url_to_a_registered_address(
    rights_owner, settings
):
    settings.SITE_URL = "https://portal.example"
    # A host named by the request that queued it (an older queued message) is never used.
    send_password_reset.delay("OWNER@example.com", "attacker.example", False).get()
    [message] = mail.outbox
    assert message.to == ["owner@example.com"]
    assert "attacker.example" not in message.body + message.alternatives[0][0]
    uid, token = re.search(
        r"https://portal\.example/account/reset/([^/]+)/([^/]+)/", message.body
    ).groups()
    assert force_str(urlsafe_base64_decode(uid)) == str(rights_owner.pk)
    assert default_token_generator.check_token(rights_owner, token)


@pytest.mark.parametrize("case", ["unknown", "inactive", "unusable-password"])
def test_password_reset_task_sends_nothing_for_an_address_without_a_usable_account(
    rights_owner, case
):
    email = "nobody@example.com" if case == "unknown" else rights_owner.email
    if case == "inactive":
        rights_owner.is_active = False
    if case == "unusable-password":
        rights_owner.set_unusable_password()
    rights_owner.save()
    send_password_reset.delay(email, "portal.example", True).get()
    assert mail.outbox == []


def test_purge_removes_only_codes_expired_over_a_week_ago(rights_owner):
    old = _code_row(rights_owner, expires_at=timezone.now() - timedelta(days=8))
    recent = _code_row(rights_owner, expires_at=timezone.now() - timedelta(days=6))
    live = _code_row(rights_owner)
    assert purge_expired_codes.delay().get() == 1
    assert set(VerificationCode.objects.values_list("pk", flat=True)) == {recent.pk, live.pk}
    assert not VerificationCode.objects.filter(pk=old.pk).exists()
    assert purge_expired_codes.delay().get() == 0


def test_templated_email_goes_to_every_recipient_in_one_message(db):
    sent = send_templated_email.delay(
        "account_welcome", ["owner@example.com", "legal@example.com"], {"email": "o@example.com"}
    ).get()
    assert sent == 1
    assert mail.outbox[0].to == ["owner@example.com", "legal@example.com"]
    assert mail.outbox[0].subject == "Welcome to the IPP Portal"


def _wait_for(predicate, seconds: float = 15.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.services
def test_real_worker_delivers_the_registration_code_and_the_welcome_email(
    celery_worker, agreement, client, altcha_payload
):
    email = "worker.path@example.com"
    response = client.post("/register/", registration_form(altcha_payload(), email=email))
    assert response["Location"] == "/register/verify/"
    assert _wait_for(lambda: any(email in m.to for m in mail.outbox)), "no code email in 15 s"
    response = client.post("/register/verify/", {"code": last_code(email)})
    assert response["Location"] == "/register/password/"
    response = client.post(
        "/register/password/", {"password1": "A-long-pass-123", "password2": "A-long-pass-123"}
    )
    assert response["Location"] == "/account/"
    assert _wait_for(lambda: any(m.subject == "Welcome to the IPP Portal" for m in mail.outbox)), (
        "no welcome email in 15 s"
    )
