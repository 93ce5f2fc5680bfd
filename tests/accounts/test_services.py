"""Account services: registration, codes, sign-in with device trust, contact details."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from accounts.models import (
    CodePurpose,
    IdentityStatus,
    Registration,
    RegistrationStatus,
    Role,
    TrustedDevice,
    User,
    VerificationCode,
)
from accounts.services import codes, registration, signin
from accounts.services.devices import trust_device
from accounts.services.profile import update_contact_details
from core.audit import trail_for
from core.errors import DomainError, Throttled, TransitionError
from core.notify import notify_user

from .steps import emails_to, last_code, wrong_code

EMAIL = "new.owner@example.com"


@pytest.fixture
def start(agreement, django_capture_on_commit_callbacks):
    """Start a registration and return it with the code the worker emailed."""

    def run(email: str = EMAIL) -> tuple[Registration, str]:
        with django_capture_on_commit_callbacks(execute=True):
            reg = registration.start_registration(
                email=email,
                location="FR",
                identity_kind="individual",
                registrant_category="ipr_owner",
                agreement=agreement,
                ip_address="203.0.113.7",
            )
        return reg, last_code(email, subject_contains="verification code")

    return run


def _resend(reg, django_capture_on_commit_callbacks) -> str:
    with django_capture_on_commit_callbacks(execute=True):
        registration.resend_registration_code(registration=reg)
    return last_code(reg.email, subject_contains="verification code")


# --- starting a registration -------------------------------------------------------------------
def test_start_registration_records_the_accepted_agreement_version_and_time(start, agreement):
    before = timezone.now()
    reg, _code = start("Mixed.Case@Example.com")
    reg.refresh_from_db()
    assert reg.email == "mixed.case@example.com"
    assert reg.agreement == agreement
    assert before <= reg.agreement_accepted_at <= timezone.now()
    assert reg.status == RegistrationStatus.CODE_SENT
    event = trail_for(reg).get(action="registration.started")
    assert event.data == {"agreement_version": agreement.version}
    assert event.ip_address == "203.0.113.7"


def test_start_registration_emails_a_six_digit_code_to_the_registrant_only(start):
    _reg, code = start()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [EMAIL]
    assert code in message.subject and code in message.body
    assert len(code) == 6 and code.isdigit()


def test_code_email_is_queued_only_when_the_transaction_commits(
    agreement, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        registration.start_registration(
            email=EMAIL,
            location="FR",
            identity_kind="individual",
            registrant_category="ipr_owner",
            agreement=agreement,
        )
    assert mail.outbox == []
    assert len(callbacks) == 1


def test_code_is_stored_only_as_a_keyed_hash(start):
    reg, code = start()
    row = VerificationCode.objects.get(registration=reg)
    assert row.code_hash == codes.hash_code(CodePurpose.REGISTRATION, code)
    assert code not in row.code_hash
    stored = [
        str(v)
        for model in (VerificationCode, Registration)
        for values in model.objects.values_list()
        for v in values
    ]
    assert not any(code in value for value in stored)
    assert not any(code in str(e.data) for e in trail_for(reg))


def test_start_registration_refuses_an_email_that_already_has_an_account(start, rights_owner):
    with pytest.raises(DomainError) as exc:
        start("OWNER@example.com")
    assert exc.value.code == "email_taken"
    assert exc.value.field == "email"
    assert not Registration.objects.exists()
    assert mail.outbox == []


# --- verifying the code ------------------------------------------------------------------------
def test_correct_code_verifies_the_email_and_is_used_up(start):
    reg, code = start()
    reg = registration.verify_registration_email(registration=reg, code=code)
    assert reg.status == RegistrationStatus.EMAIL_VERIFIED
    assert reg.verified_at is not None
    assert VerificationCode.objects.get(registration=reg).consumed_at is not None
    assert trail_for(reg).filter(action="registration.email_verified").exists()


def test_wrong_code_says_so_and_counts_down_the_tries_left(start):
    reg, code = start()
    messages = []
    for _ in range(4):
        with pytest.raises(DomainError) as exc:
            registration.verify_registration_email(registration=reg, code=wrong_code(code))
        assert exc.value.code == "code_incorrect"
        messages.append(exc.value.message)
    assert messages == [
        "The code is incorrect. 4 tries left.",
        "The code is incorrect. 3 tries left.",
        "The code is incorrect. 2 tries left.",
        "The code is incorrect. 1 try left.",
    ]
    assert VerificationCode.objects.get(registration=reg).attempts == 4
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.CODE_SENT


def test_five_wrong_codes_kill_the_code_even_for_the_right_one(start):
    reg, code = start()
    for _ in range(4):
        with pytest.raises(DomainError):
            registration.verify_registration_email(registration=reg, code=wrong_code(code))
    with pytest.raises(DomainError) as fifth:
        registration.verify_registration_email(registration=reg, code=wrong_code(code))
    assert "no longer works after 5 wrong tries" in fifth.value.message
    with pytest.raises(DomainError) as exc:
        registration.verify_registration_email(registration=reg, code=code)
    assert exc.value.code == "code_dead"
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.CODE_SENT


def test_a_new_code_works_after_the_old_one_died(start, django_capture_on_commit_callbacks):
    reg, code = start()
    for _ in range(5):
        with pytest.raises(DomainError):
            registration.verify_registration_email(registration=reg, code=wrong_code(code))
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        new_code = _resend(reg, django_capture_on_commit_callbacks)
        reg = registration.verify_registration_email(registration=reg, code=new_code)
    assert reg.status == RegistrationStatus.EMAIL_VERIFIED


def test_code_still_works_just_before_ten_minutes(start):
    reg, code = start()
    with time_machine.travel(timezone.now() + timedelta(minutes=9, seconds=55)):
        reg = registration.verify_registration_email(registration=reg, code=code)
    assert reg.status == RegistrationStatus.EMAIL_VERIFIED


def test_code_expires_after_ten_minutes(start):
    reg, code = start()
    later = timezone.now() + timedelta(minutes=10, seconds=1)
    with time_machine.travel(later), pytest.raises(DomainError) as exc:
        registration.verify_registration_email(registration=reg, code=code)
    assert exc.value.code == "code_expired"
    assert "expired" in exc.value.message
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.CODE_SENT


def test_resend_replaces_the_old_code(start, django_capture_on_commit_callbacks):
    reg, old = start()
    with time_machine.travel(timezone.now() + timedelta(seconds=61)):
        new = _resend(reg, django_capture_on_commit_callbacks)
        if new != old:  # one in a million the two codes coincide
            with pytest.raises(DomainError):
                registration.verify_registration_email(registration=reg, code=old)
        reg = registration.verify_registration_email(registration=reg, code=new)
    assert reg.status == RegistrationStatus.EMAIL_VERIFIED


def test_resend_within_a_minute_is_refused_with_the_wait(start, django_capture_on_commit_callbacks):
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        reg, _code = start()
    with (
        time_machine.travel(begin + timedelta(seconds=20), tick=False),
        pytest.raises(Throttled) as exc,
    ):
        _resend(reg, django_capture_on_commit_callbacks)
    assert exc.value.code == "resend_too_soon"
    assert exc.value.status_code == 429
    assert exc.value.message == (
        "A code was sent moments ago. You can ask for another in 41 seconds."
    )
    assert len(mail.outbox) == 1


def test_resend_is_limited_to_five_codes_an_hour(start, django_capture_on_commit_callbacks):
    begin = timezone.now()
    with time_machine.travel(begin, tick=False):
        reg, _code = start()
    for minute in (2, 4, 6, 8):  # the first code plus four resends
        with time_machine.travel(begin + timedelta(minutes=minute), tick=False):
            _resend(reg, django_capture_on_commit_callbacks)
    with (
        time_machine.travel(begin + timedelta(minutes=30), tick=False),
        pytest.raises(Throttled) as exc,
    ):
        _resend(reg, django_capture_on_commit_callbacks)
    assert exc.value.code == "resend_limit"
    assert exc.value.message == "Too many codes were sent in the last hour. Please try again later."
    assert len(mail.outbox) == 5
    with time_machine.travel(begin + timedelta(minutes=61), tick=False):
        _resend(reg, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 6


def test_resend_is_refused_once_the_email_is_verified(start):
    reg, code = start()
    registration.verify_registration_email(registration=reg, code=code)
    reg.refresh_from_db()
    with pytest.raises(TransitionError) as exc:
        registration.resend_registration_code(registration=reg)
    assert exc.value.code == "already_verified"


# --- completing a registration -----------------------------------------------------------------
def _verified(start):
    reg, code = start()
    return registration.verify_registration_email(registration=reg, code=code)


def test_complete_registration_creates_the_account_with_the_agreement_it_accepted(
    start, agreement, django_capture_on_commit_callbacks
):
    reg = _verified(start)
    with django_capture_on_commit_callbacks(execute=True):
        user, token = registration.complete_registration(
            registration=reg, password="A-long-pass-123", user_agent="Tests/1.0"
        )
    assert user.email == EMAIL
    assert user.check_password("A-long-pass-123")
    assert user.role == Role.RIGHTS_OWNER
    assert user.identity_status == IdentityStatus.NOT_SUBMITTED
    assert (user.location.code, user.identity_kind, user.registrant_category) == (
        "FR",
        "individual",
        "ipr_owner",
    )
    assert user.agreement_version == agreement.version
    assert user.agreement_accepted_at == reg.agreement_accepted_at
    reg.refresh_from_db()
    assert (reg.status, reg.user) == (RegistrationStatus.COMPLETED, user)
    device = TrustedDevice.objects.get(user=user)
    assert device.token_hash != token and len(token) >= 40
    assert trail_for(user).get(action="account.created").data == {
        "agreement_version": agreement.version
    }
    welcome = [m for m in emails_to(EMAIL) if m.subject == "Welcome to the IPP Portal"]
    assert len(welcome) == 1


def test_complete_registration_refuses_a_weak_password_and_creates_nothing(start):
    reg = _verified(start)
    for weak in ("short1!", "1234567890123", "password123", "new.owner@example.com"):
        with pytest.raises(DomainError) as exc:
            registration.complete_registration(registration=reg, password=weak)
        assert exc.value.code == "weak_password"
        assert exc.value.field == "password"
    assert not User.objects.exists()


def test_complete_registration_needs_the_verified_email(start):
    reg, _code = start()
    with pytest.raises(TransitionError) as exc:
        registration.complete_registration(registration=reg, password="A-long-pass-123")
    assert exc.value.code == "not_verified"
    assert not User.objects.exists()


def test_complete_registration_refuses_an_email_registered_meanwhile(start):
    reg = _verified(start)
    User.objects.create_user(EMAIL, "Other-pass-123")
    with pytest.raises(DomainError) as exc:
        registration.complete_registration(registration=reg, password="A-long-pass-123")
    assert exc.value.code == "email_taken"
    reg.refresh_from_db()
    assert reg.status == RegistrationStatus.EMAIL_VERIFIED


@pytest.mark.parametrize("status", list(RegistrationStatus))
def test_registration_moves_only_along_its_transitions(start, status):
    reg, code = start()
    Registration.objects.filter(pk=reg.pk).update(status=status)
    reg.refresh_from_db()
    allowed = Registration.TRANSITIONS[status]

    try:
        registration.verify_registration_email(registration=reg, code=code)
    except TransitionError:
        verified = False
    else:
        verified = True
    # Verifying an already verified registration is an idempotent no-op, not a move.
    assert verified == (
        RegistrationStatus.EMAIL_VERIFIED in allowed or status == RegistrationStatus.EMAIL_VERIFIED
    )
    Registration.objects.filter(pk=reg.pk).update(status=status)
    try:
        registration.complete_registration(registration=reg, password="A-long-pass-123")
    except TransitionError:
        completed = False
    else:
        completed = True
    assert completed == (RegistrationStatus.COMPLETED in allowed)


# --- signing in --------------------------------------------------------------------------------
def _sign_in(email, password, token=None):
    return signin.sign_in(email=email, password=password, device_token=token, ip_address=None)


def test_wrong_password_and_unknown_email_fail_with_the_same_message(rights_owner):
    with pytest.raises(DomainError) as wrong_password:
        _sign_in(rights_owner.email, "not-the-password")
    with pytest.raises(DomainError) as unknown:
        _sign_in("nobody@example.com", "not-the-password")
    assert wrong_password.value.message == unknown.value.message
    assert wrong_password.value.code == unknown.value.code == "invalid_credentials"
    assert wrong_password.value.message == "The email address or password is incorrect."


@pytest.mark.parametrize("email", ["owner@example.com", "nobody@example.com"])
def test_five_failed_passwords_lock_sign_in_for_that_address(rights_owner, password, email):
    for _ in range(5):
        with pytest.raises(DomainError) as exc:
            _sign_in(email, "not-the-password")
        assert exc.value.code == "invalid_credentials"
    with pytest.raises(signin.AccountLocked) as locked:
        _sign_in(email, password)
    assert locked.value.status_code == 429
    assert locked.value.message == (
        "Too many failed sign-in attempts. Sign-in for this account is locked for 15 minutes; "
        "wait, or reset your password."
    )


def test_failed_password_lock_is_per_address(rights_owner, outsider, password):
    for _ in range(5):
        with pytest.raises(DomainError):
            _sign_in(outsider.email, "not-the-password")
    result = _sign_in(rights_owner.email, password)
    assert result.user == rights_owner


def test_successful_sign_in_resets_the_failure_count(rights_owner, password):
    for _ in range(4):
        with pytest.raises(DomainError):
            _sign_in(rights_owner.email, "not-the-password")
    _sign_in(rights_owner.email, password)
    for _ in range(4):
        with pytest.raises(DomainError):
            _sign_in(rights_owner.email, "not-the-password")
    assert _sign_in(rights_owner.email, password).user == rights_owner


def test_sign_in_from_an_unknown_device_locks_and_emails_an_unlock_code_to_the_registered_email(
    rights_owner, password, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        result = _sign_in("Owner@Example.com", password)
    assert result.unusual_activity is True
    rights_owner.refresh_from_db()
    assert rights_owner.unusual_activity_locked_at is not None
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert "unlock code" in mail.outbox[0].subject
    assert emails_to("legal@example.com") == []
    assert trail_for(rights_owner).filter(action="account.locked_unusual_activity").exists()


def test_sign_in_from_a_trusted_device_is_not_challenged(rights_owner, password):
    token = trust_device(user=rights_owner, ip_address=None, user_agent="Firefox")
    result = _sign_in(rights_owner.email, password, token)
    assert result.unusual_activity is False
    rights_owner.refresh_from_db()
    assert rights_owner.unusual_activity_locked_at is None
    assert TrustedDevice.objects.get(user=rights_owner).last_seen_at is not None
    assert mail.outbox == []


def test_a_device_trusted_by_another_account_is_still_unknown(rights_owner, outsider, password):
    token = trust_device(user=outsider, ip_address=None, user_agent="Firefox")
    assert _sign_in(rights_owner.email, password, token).unusual_activity is True


def test_repeated_unknown_device_sign_ins_send_at_most_one_code_a_minute(
    rights_owner, password, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_in(rights_owner.email, password)
        _sign_in(rights_owner.email, password)
    assert len(mail.outbox) == 1


def test_unlock_code_lifts_the_lock_trusts_the_device_and_tells_both_emails(
    rights_owner, password, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_in(rights_owner.email, password)
    code = last_code(rights_owner.email, subject_contains="unlock code")
    with django_capture_on_commit_callbacks(execute=True):
        token = signin.unlock_with_code(
            user=rights_owner, code=code, ip_address="198.51.100.4", user_agent="Chromium"
        )
    rights_owner.refresh_from_db()
    assert rights_owner.unusual_activity_locked_at is None
    assert _sign_in(rights_owner.email, password, token).unusual_activity is False
    new_device = [m for m in mail.outbox if "new device" in m.subject]
    assert [m.to for m in new_device] == [["owner@example.com", "legal@example.com"]]
    assert trail_for(rights_owner).filter(action="account.unlocked").exists()


def test_wrong_unlock_code_keeps_the_account_locked(
    rights_owner, password, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _sign_in(rights_owner.email, password)
    code = last_code(rights_owner.email)
    with pytest.raises(DomainError) as exc:
        signin.unlock_with_code(user=rights_owner, code=wrong_code(code), ip_address=None)
    assert exc.value.message == "The code is incorrect. 4 tries left."
    rights_owner.refresh_from_db()
    assert rights_owner.unusual_activity_locked_at is not None
    assert not TrustedDevice.objects.filter(user=rights_owner).exists()


def test_a_registration_code_does_not_unlock_an_account(
    start, rights_owner, password, django_capture_on_commit_callbacks
):
    _reg, registration_code = start()
    with django_capture_on_commit_callbacks(execute=True):
        _sign_in(rights_owner.email, password)
    unlock_code = last_code(rights_owner.email)
    if registration_code == unlock_code:
        pytest.skip("the two random codes coincide")
    with pytest.raises(DomainError):
        signin.unlock_with_code(user=rights_owner, code=registration_code, ip_address=None)


# --- contact details and notifications ---------------------------------------------------------
def test_update_contact_details_saves_the_address_and_audits_the_change(rights_owner):
    update_contact_details(user=rights_owner, contact_email="  Brand@Example.com ")
    rights_owner.refresh_from_db()
    assert rights_owner.contact_email == "brand@example.com"
    event = trail_for(rights_owner).get(action="account.contact_updated")
    assert event.data == {"contact_email": {"from": "legal@example.com", "to": "brand@example.com"}}


def test_notifications_go_to_the_registered_and_the_contact_email(
    rights_owner, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(rights_owner, "account_welcome", {})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["owner@example.com", "legal@example.com"]
    assert "owner@example.com" in mail.outbox[0].body


def test_notifications_go_once_when_the_contact_email_repeats_the_registered_one(
    outsider, django_capture_on_commit_callbacks
):
    outsider.contact_email = "OUTSIDER@example.com"
    assert outsider.notification_emails == ["outsider@example.com"]
    with django_capture_on_commit_callbacks(execute=True):
        notify_user(outsider, "account_welcome", {})
    assert mail.outbox[0].to == ["outsider@example.com"]
