"""The second factor's services: each move, its audit row, the counted and throttled wrong codes,
recovery codes that work once."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.audit_actions import AccountAction
from accounts.services import second_factor as services
from core.errors import DomainError
from core.models import AuditEvent
from tests.second_factor import enrol, fresh_totp_code, totp_code

pytestmark = pytest.mark.django_db


def _rows(user, action) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(
            target_type="accounts.user", target_id=str(user.pk), action=action
        ).order_by("id")
    )


def _wrong(code: str) -> str:
    return f"{(int(code) + 500_000) % 1_000_000:06d}"


def test_staff_must_use_a_second_factor_and_others_only_once_they_turn_it_on(
    reviewer, rights_owner, seller
):
    assert services.second_factor_needed(reviewer)
    assert not services.second_factor_needed(rights_owner)
    assert not services.second_factor_needed(seller)
    enrol(rights_owner)
    assert services.second_factor_needed(rights_owner)


def test_enrolling_makes_an_unconfirmed_authenticator_and_a_reload_shows_the_same_secret(
    reviewer,
):
    first = services.enrol_totp(user=reviewer, ip_address="192.0.2.1")
    again = services.enrol_totp(user=reviewer)
    assert first.pk == again.pk and first.key == again.key
    assert not first.confirmed
    assert not services.has_second_factor(reviewer)
    (row,) = _rows(reviewer, AccountAction.SECOND_FACTOR_ENROLMENT_STARTED)
    assert row.actor == reviewer and row.ip_address == "192.0.2.1"
    assert row.data == {"device": "totp"}


def test_an_unfinished_set_up_older_than_an_hour_gets_a_new_secret(reviewer):
    old = services.enrol_totp(user=reviewer)
    with time_machine.travel(timezone.now() + timedelta(minutes=61)):
        new = services.enrol_totp(user=reviewer)
    assert new.key != old.key
    assert list(TOTPDevice.objects.filter(user=reviewer)) == [new]


def test_confirming_with_the_apps_first_code_turns_it_on_with_ten_recovery_codes(reviewer):
    device = services.enrol_totp(user=reviewer)
    codes = services.confirm_totp(user=reviewer, code=totp_code(device), ip_address="192.0.2.1")
    assert len(codes) == len(set(codes)) == 10
    assert all(len(c) == 9 and c[4] == "-" for c in codes)
    device.refresh_from_db()
    assert device.confirmed
    status = services.second_factor_status(reviewer)
    assert (status.enabled, status.required, status.device_kind) == (True, True, "totp")
    assert status.recovery_codes_left == 10
    (row,) = _rows(reviewer, AccountAction.SECOND_FACTOR_ENABLED)
    assert (row.from_status, row.to_status, row.actor) == ("off", "on", reviewer)
    assert row.data == {"device": "totp", "recovery_codes": 10}


def test_a_wrong_first_code_leaves_it_off_counts_the_failure_and_is_audited(reviewer):
    device = services.enrol_totp(user=reviewer)
    with pytest.raises(services.SecondFactorError) as refused:
        services.confirm_totp(user=reviewer, code=_wrong(totp_code(device)))
    assert refused.value.field == "code"
    device.refresh_from_db()
    assert not device.confirmed and device.throttling_failure_count == 1
    (row,) = _rows(reviewer, AccountAction.SECOND_FACTOR_FAILED)
    assert row.data == {"stage": "enrolment", "method": "totp", "failures": 1}
    assert not _rows(reviewer, AccountAction.SECOND_FACTOR_ENABLED)


def test_confirming_without_a_set_up_or_twice_is_refused(reviewer):
    with pytest.raises(DomainError) as no_set_up:
        services.confirm_totp(user=reviewer, code="123456")
    assert no_set_up.value.code == "second_factor_enrolment_expired"
    enrol(reviewer)
    with pytest.raises(DomainError) as twice:
        services.enrol_totp(user=reviewer)
    assert twice.value.code == "second_factor_already_enabled"


def test_a_code_from_the_app_verifies_a_sign_in_once_only(reviewer):
    device, _codes = enrol(reviewer)
    code = fresh_totp_code(device)
    assert services.verify_second_factor(user=reviewer, code=code, ip_address="192.0.2.1") == device
    (row,) = _rows(reviewer, AccountAction.SECOND_FACTOR_VERIFIED)
    assert row.data == {"method": "totp", "recovery_codes_left": 10}
    with pytest.raises(services.SecondFactorError):
        services.verify_second_factor(user=reviewer, code=code)


def test_a_recovery_code_works_once_and_is_then_spent(reviewer):
    _device, codes = enrol(reviewer)
    accepted = services.verify_second_factor(user=reviewer, code=codes[3].upper())
    assert isinstance(accepted, StaticDevice)
    assert services.recovery_codes_left(reviewer) == 9
    (row,) = _rows(reviewer, AccountAction.SECOND_FACTOR_VERIFIED)
    assert row.data == {"method": "recovery_code", "recovery_codes_left": 9}
    with pytest.raises(services.SecondFactorError) as again:
        services.verify_second_factor(user=reviewer, code=codes[3])
    assert again.value.message == "That recovery code is not right, or it was already used."
    (failed,) = _rows(reviewer, AccountAction.SECOND_FACTOR_FAILED)
    assert failed.data == {"stage": "sign_in", "method": "recovery_code", "failures": 1}


def test_wrong_codes_are_counted_and_each_doubles_the_wait_before_the_next_try(reviewer):
    device, _codes = enrol(reviewer)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        right = fresh_totp_code(device)
        with pytest.raises(services.SecondFactorError):
            services.verify_second_factor(user=reviewer, code=_wrong(right))
        with pytest.raises(services.SecondFactorThrottled) as throttled:
            services.verify_second_factor(user=reviewer, code=right)
        assert throttled.value.status_code == 429
        assert throttled.value.message == "Too many wrong codes. Wait 1 second, then try again."
        clock.shift(2)
        with pytest.raises(services.SecondFactorError):
            services.verify_second_factor(user=reviewer, code=_wrong(right))
        with pytest.raises(services.SecondFactorThrottled) as longer:
            services.verify_second_factor(user=reviewer, code=right)
        assert longer.value.message == "Too many wrong codes. Wait 2 seconds, then try again."
        clock.shift(3)
        services.verify_second_factor(user=reviewer, code=right)
    device.refresh_from_db()
    assert device.throttling_failure_count == 0
    failures = [r.data["failures"] for r in _rows(reviewer, AccountAction.SECOND_FACTOR_FAILED)]
    assert failures == [1, 2]


def test_new_recovery_codes_replace_the_old_ones_on_the_same_device(reviewer):
    _device, old = enrol(reviewer)
    recovery = StaticDevice.objects.get(user=reviewer, name=services.RECOVERY_CODES_NAME)
    new = services.regenerate_recovery_codes(user=reviewer, ip_address="192.0.2.1")
    assert len(new) == 10 and not set(new) & set(old)
    assert StaticDevice.objects.get(user=reviewer, name=services.RECOVERY_CODES_NAME) == recovery
    with pytest.raises(services.SecondFactorError):
        services.verify_second_factor(user=reviewer, code=old[0])
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):  # the wait after a miss
        services.verify_second_factor(user=reviewer, code=new[0])
    (row,) = _rows(reviewer, AccountAction.RECOVERY_CODES_REGENERATED)
    assert row.data == {"recovery_codes": 10} and row.actor == reviewer


def test_new_recovery_codes_need_the_second_factor_on(rights_owner):
    with pytest.raises(DomainError) as refused:
        services.regenerate_recovery_codes(user=rights_owner)
    assert refused.value.code == "second_factor_not_enabled"


def test_an_owner_turns_it_off_with_a_current_code(rights_owner):
    device, _codes = enrol(rights_owner)
    services.disable_second_factor(
        user=rights_owner, code=fresh_totp_code(device), ip_address="192.0.2.1"
    )
    assert not services.second_factor_needed(rights_owner)
    assert not TOTPDevice.objects.filter(user=rights_owner).exists()
    assert not StaticToken.objects.filter(device__user=rights_owner).exists()
    (row,) = _rows(rights_owner, AccountAction.SECOND_FACTOR_DISABLED)
    assert (row.from_status, row.to_status) == ("on", "off")


def test_turning_it_off_needs_a_right_code(seller):
    device, _codes = enrol(seller)
    with pytest.raises(services.SecondFactorError):
        services.disable_second_factor(user=seller, code=_wrong(totp_code(device)))
    assert services.has_second_factor(seller)
    (row,) = _rows(seller, AccountAction.SECOND_FACTOR_FAILED)
    assert row.data["stage"] == "disable"


def test_staff_cannot_turn_it_off(reviewer):
    device, _codes = enrol(reviewer)
    with pytest.raises(services.SecondFactorRequired) as refused:
        services.disable_second_factor(user=reviewer, code=fresh_totp_code(device))
    assert refused.value.status_code == 403
    assert services.has_second_factor(reviewer)
    assert not _rows(reviewer, AccountAction.SECOND_FACTOR_DISABLED)


def test_a_code_for_an_account_without_a_second_factor_is_refused(rights_owner):
    with pytest.raises(DomainError) as refused:
        services.verify_second_factor(user=rights_owner, code="123456")
    assert refused.value.code == "second_factor_not_enabled"
