"""The second factor: a code from an authenticator app (TOTP, django-otp's otp_totp) or one of ten
one-time recovery codes (otp_static). Staff must use it on every sign-in and enrol on their first;
rights owners and sellers may turn it on.

Wrong codes are counted on the device that refused them (django-otp's throttling): after each
one the next try must wait twice as long (1, 2, 4, 8 ... seconds, OTP_*_THROTTLE_FACTOR), and a
right code resets the count. Every change and every refused code writes an audit row on the
account; a refused code is audited after its transaction, so the count and the row both stay."""

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core import audit
from core.errors import DomainError

from ..audit_actions import AccountAction
from ..models import User
from ..permissions import is_staff_member

RECOVERY_CODE_COUNT = 10
AUTHENTICATOR_NAME = "Authenticator app"
RECOVERY_CODES_NAME = "Recovery codes"
# A set-up left unfinished keeps its secret this long (a reload shows the same QR code); after
# that a new secret is made, so a secret once shown on a screen does not wait forever.
ENROLMENT_TTL = timedelta(hours=1)
TOTP_CODE = re.compile(r"\d{6}")
RECOVERY_CODE = re.compile(r"[a-z2-7]{8}")  # StaticToken.random_token(): 5 random bytes, base32


class SecondFactorError(DomainError):
    code = "second_factor_invalid"


class SecondFactorThrottled(DomainError):
    status_code = 429
    code = "second_factor_throttled"


class SecondFactorRequired(DomainError):
    status_code = 403
    code = "second_factor_required_for_staff"


@dataclass(frozen=True)
class SecondFactorStatus:
    enabled: bool
    required: bool
    device_kind: str  # "totp", or "" when off
    recovery_codes_left: int
    last_used_at: datetime | None


# --- reads -------------------------------------------------------------------------------------
def second_factor_required(user: Any) -> bool:
    """Staff must use a second factor on every sign-in (enrolling on their first)."""
    return is_staff_member(user)


def authenticator(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_second_factor(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def second_factor_needed(user: User) -> bool:
    """Whether signing in as `user` takes a second step: staff always, others once turned on."""
    return second_factor_required(user) or has_second_factor(user)


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__name=RECOVERY_CODES_NAME).count()


def second_factor_status(user: User) -> SecondFactorStatus:
    device = authenticator(user)
    return SecondFactorStatus(
        enabled=device is not None,
        required=second_factor_required(user),
        device_kind="totp" if device is not None else "",
        recovery_codes_left=recovery_codes_left(user) if device is not None else 0,
        last_used_at=device.last_used_at if device is not None else None,
    )


def normalize_code(code: str | None) -> str:
    """What people type: spaces and dashes dropped ("123 456", "abcd-efgh"), lower case."""
    return re.sub(r"[\s-]+", "", code or "").lower()


def format_recovery_code(token: str) -> str:
    return f"{token[:4]}-{token[4:]}"


def pending_authenticator(user: User) -> TOTPDevice | None:
    """The authenticator being set up (not yet confirmed with a first code), if still fresh."""
    return (
        TOTPDevice.objects.filter(
            user=user, confirmed=False, created_at__gte=timezone.now() - ENROLMENT_TTL
        )
        .order_by("-pk")
        .first()
    )


# --- moves -------------------------------------------------------------------------------------
def enrol_totp(*, user: User, ip_address: str | None = None) -> TOTPDevice:
    """Start (or resume) setting up an authenticator app: an unconfirmed TOTP device whose secret
    the set-up page shows as a QR code and as text. Nothing changes at sign-in until a first code
    confirms it (`confirm_totp`)."""
    with transaction.atomic():
        user = _locked(user)
        if has_second_factor(user):
            raise DomainError(
                _("Two-step verification is already on for this account."),
                code="second_factor_already_enabled",
            )
        device = pending_authenticator(user)
        if device is None:
            TOTPDevice.objects.filter(user=user, confirmed=False).delete()
            device = TOTPDevice.objects.create(user=user, name=AUTHENTICATOR_NAME, confirmed=False)
            audit.record(
                action=AccountAction.SECOND_FACTOR_ENROLMENT_STARTED,
                target=user,
                actor=user,
                ip_address=ip_address,
                data={"device": "totp"},
            )
    return device


def confirm_totp(*, user: User, code: str, ip_address: str | None = None) -> list[str]:
    """Turn the second factor on: the app's first code proves it holds the secret. Returns the
    ten recovery codes (shown once; any earlier ones stop working)."""
    with transaction.atomic():
        user = _locked(user)
        if has_second_factor(user):
            raise DomainError(
                _("Two-step verification is already on for this account."),
                code="second_factor_already_enabled",
            )
        device = pending_authenticator(user)
        if device is None:
            raise DomainError(
                _("This set-up has expired. Start again to get a new QR code."),
                code="second_factor_enrolment_expired",
            )
        device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
        _check_allowed(device)
        accepted = device.verify_token(normalize_code(code))
        if accepted:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            codes = _replace_recovery_codes(user)
            audit.record(
                action=AccountAction.SECOND_FACTOR_ENABLED,
                target=user,
                actor=user,
                from_status="off",
                to_status="on",
                ip_address=ip_address,
                data={"device": "totp", "recovery_codes": len(codes)},
            )
    if not accepted:
        _refused(user, device, stage="enrolment", ip_address=ip_address)
    return codes


def verify_second_factor(
    *, user: User, code: str, ip_address: str | None = None
) -> TOTPDevice | StaticDevice:
    """A sign-in's second step: a code from the app, or one unused recovery code (spent by this
    call). Returns the device that accepted it, for `django_otp.login`. A code from the app is
    accepted once only (the device remembers the last time step used)."""
    device, accepted = _check_code(user, code)
    if not accepted:
        _refused(user, device, stage="sign_in", ip_address=ip_address)
    audit.record(
        action=AccountAction.SECOND_FACTOR_VERIFIED,
        target=user,
        actor=user,
        ip_address=ip_address,
        data={"method": _method(device), "recovery_codes_left": recovery_codes_left(user)},
    )
    return device


def regenerate_recovery_codes(*, user: User, ip_address: str | None = None) -> list[str]:
    """Ten new recovery codes; the old ones stop working. The recovery device itself stays, so a
    session verified with a recovery code stays verified."""
    with transaction.atomic():
        user = _locked(user)
        if not has_second_factor(user):
            raise DomainError(
                _("Turn on two-step verification first."), code="second_factor_not_enabled"
            )
        codes = _replace_recovery_codes(user)
        audit.record(
            action=AccountAction.RECOVERY_CODES_REGENERATED,
            target=user,
            actor=user,
            ip_address=ip_address,
            data={"recovery_codes": len(codes)},
        )
    return codes


def disable_second_factor(*, user: User, code: str, ip_address: str | None = None) -> None:
    """Turn the second factor off, confirmed by a current code. Refused for staff, who must keep
    it."""
    if second_factor_required(user):
        raise SecondFactorRequired(
            _("Staff accounts must keep two-step verification on."),
        )
    device, accepted = _check_code(user, code)
    if not accepted:
        _refused(user, device, stage="disable", ip_address=ip_address)
    with transaction.atomic():
        user = _locked(user)
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user, name=RECOVERY_CODES_NAME).delete()
        audit.record(
            action=AccountAction.SECOND_FACTOR_DISABLED,
            target=user,
            actor=user,
            from_status="on",
            to_status="off",
            ip_address=ip_address,
        )


# --- inside ------------------------------------------------------------------------------------
def _locked(user: User) -> User:
    return User.objects.select_for_update().get(pk=user.pk)


def _method(device: Any) -> str:
    return "recovery_code" if isinstance(device, StaticDevice) else "totp"


def _check_code(user: User, code: str) -> tuple[Any, bool]:
    """Lock the device the code is for (a recovery code's shape tells it apart), refuse while it
    is throttled, then verify. The transaction commits either way: a wrong code's count stays."""
    code = normalize_code(code)
    with transaction.atomic():
        if RECOVERY_CODE.fullmatch(code):
            qs: Any = StaticDevice.objects.filter(user=user, name=RECOVERY_CODES_NAME)
        else:
            qs = TOTPDevice.objects.filter(user=user, confirmed=True)
        device = qs.select_for_update().order_by("pk").first()
        if device is None or not has_second_factor(user):
            raise DomainError(
                _("Two-step verification is not set up for this account."),
                code="second_factor_not_enabled",
            )
        _check_allowed(device)
        return device, bool(device.verify_token(code))


def _check_allowed(device: Any) -> None:
    allowed, details = device.verify_is_allowed()
    if allowed:
        return
    locked_until = (details or {}).get("locked_until") or timezone.now()
    wait = max(1, math.ceil((locked_until - timezone.now()).total_seconds()))
    raise SecondFactorThrottled(
        ngettext(
            "Too many wrong codes. Wait %(n)d second, then try again.",
            "Too many wrong codes. Wait %(n)d seconds, then try again.",
            wait,
        )
        % {"n": wait},
    )


def _refused(user: User, device: Any, *, stage: str, ip_address: str | None) -> None:
    failures = int(getattr(device, "throttling_failure_count", 0))
    audit.record(
        action=AccountAction.SECOND_FACTOR_FAILED,
        target=user,
        actor=user,
        ip_address=ip_address,
        data={"stage": stage, "method": _method(device), "failures": failures},
    )
    if isinstance(device, StaticDevice):
        message = _("That recovery code is not right, or it was already used.")
    else:
        message = _(
            "That code is not right. Enter the newest 6-digit code from your authenticator app "
            "(each code works once), or use a recovery code."
        )
    raise SecondFactorError(message, field="code")


def _replace_recovery_codes(user: User) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_CODES_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    tokens: list[str] = []
    while len(tokens) < RECOVERY_CODE_COUNT:
        token = StaticToken.random_token()
        if token not in tokens:
            tokens.append(token)
    StaticToken.objects.bulk_create([StaticToken(device=device, token=t) for t in tokens])
    device.throttle_reset(commit=True)
    return [format_recovery_code(t) for t in tokens]
