"""Member login with email and password, failed-password lock, and the FAQ's "unusual activity"
lock for unknown devices, lifted by a code sent to the registered email."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.errors import DomainError
from core.notify import notify_user

from .. import policy
from ..audit_actions import AccountAction
from ..models import CodePurpose, User
from . import codes
from .devices import find_trusted_device, trust_device

INVALID_CREDENTIALS = gettext_lazy("The email address or password is incorrect.")
UNUSUAL_ACTIVITY = gettext_lazy(
    "We have noticed an unusual activity in your account. This might be because you tried to "
    "sign in from another location or device. To protect your account we have temporarily "
    "locked it."
)


class AccountLocked(DomainError):
    status_code = 429
    code = "account_locked"


@dataclass
class SignInResult:
    user: User
    unusual_activity: bool


def _failure_key(email: str) -> str:
    # Keyed by the typed address, registered or not, so a lock looks the same for both.
    return "ipp:signin-fail:" + hashlib.sha256(email.strip().lower().encode()).hexdigest()


def _register_failure(email: str) -> None:
    key = _failure_key(email)
    timeout = int(policy.failed_login_lock().total_seconds())
    if cache.add(key, 1, timeout=timeout):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, timeout=timeout)


def _check_not_locked(email: str) -> None:
    if (cache.get(_failure_key(email)) or 0) >= policy.failed_logins_before_lock():
        minutes = int(policy.failed_login_lock().total_seconds() // 60)
        raise AccountLocked(
            _(
                "Too many failed sign-in attempts. Sign-in for this account is locked for "
                "%(minutes)d minutes; wait, or reset your password."
            )
            % {"minutes": minutes},
        )


def sign_in(
    *,
    email: str,
    password: str,
    device_token: str | None,
    ip_address: str | None,
    user_agent: str = "",
) -> SignInResult:
    """Check the password; on an unknown device lock the account and email an unlock code.
    The same message and the same password-hashing work for unknown and known emails."""
    email = (email or "").strip().lower()
    _check_not_locked(email)
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        User().set_password(password)  # spend the same hashing time as a real check
        _register_failure(email)
        raise DomainError(str(INVALID_CREDENTIALS), code="invalid_credentials")
    if not user.check_password(password) or not user.is_active:
        _register_failure(email)
        audit.record(action=AccountAction.SIGNIN_FAILED, target=user, ip_address=ip_address)
        raise DomainError(str(INVALID_CREDENTIALS), code="invalid_credentials")
    cache.delete(_failure_key(email))
    device = find_trusted_device(user=user, token=device_token)
    if device is not None:
        device.last_seen_at = timezone.now()
        device.save(update_fields=["last_seen_at"])
        return SignInResult(user=user, unusual_activity=False)
    lock_for_unusual_activity(user=user, ip_address=ip_address, user_agent=user_agent)
    return SignInResult(user=user, unusual_activity=True)


@transaction.atomic
def lock_for_unusual_activity(*, user: User, ip_address: str | None, user_agent: str) -> None:
    user = User.objects.select_for_update().get(pk=user.pk)
    was_locked = user.unusual_activity_locked_at is not None
    if not was_locked:
        user.unusual_activity_locked_at = timezone.now()
        user.save(update_fields=["unusual_activity_locked_at"])
    audit.record(
        action=AccountAction.ACCOUNT_LOCKED_UNUSUAL_ACTIVITY,
        target=user,
        ip_address=ip_address,
        from_status="" if not was_locked else "locked",
        to_status="locked",
        data={"user_agent": user_agent[:200]},
    )
    if _unlock_code_needed(user):
        codes.issue_code(purpose=CodePurpose.UNLOCK, to_email=user.email, user=user)


def _unlock_code_needed(user: User) -> bool:
    """Whether this sign-in should email a new unlock code. Always, unless a code was sent
    moments ago and still works (the person uses that one: the page says when it was sent), or
    the hourly limit is reached (the page says when a new one can be asked for). The one-a-minute
    limit never leaves the person without a working code: when the last code was used (on
    another device), worn out or superseded, a new one goes out at once."""
    wait = codes.resend_wait(purpose=CodePurpose.UNLOCK, user=user)
    if wait is None:
        return True
    if wait.code == "resend_limit":
        return False
    return codes.live_code(purpose=CodePurpose.UNLOCK, user=user) is None


@transaction.atomic
def resend_unlock_code(*, user: User, ip_address: str | None = None) -> codes.CodeStatus:
    """The unlock page's "send a new code" and POST /api/v1/auth/unlock/resend/: throttled
    (Throttled with `retry_after`), supersedes the previous code."""
    user = User.objects.select_for_update().get(pk=user.pk)
    codes.check_resend_allowed(purpose=CodePurpose.UNLOCK, user=user)
    codes.issue_code(purpose=CodePurpose.UNLOCK, to_email=user.email, user=user)
    audit.record(
        action=AccountAction.UNLOCK_CODE_RESENT, target=user, actor=user, ip_address=ip_address
    )
    return unlock_code_status(user)


def unlock_code_status(user: User) -> codes.CodeStatus:
    """The one answer to "which unlock code can I use, and when can I get a new one?" that the
    unlock page and the API give."""
    return codes.code_status(purpose=CodePurpose.UNLOCK, user=user)


def unlock_with_code(*, user: User, code: str, ip_address: str | None, user_agent: str = "") -> str:
    """Consume the unlock code, lift the lock, trust this device. Returns the device token."""
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        error = codes.consume_code(purpose=CodePurpose.UNLOCK, submitted=code, user=user)
        if error is None:
            user.unusual_activity_locked_at = None
            user.save(update_fields=["unusual_activity_locked_at"])
            audit.record(
                action=AccountAction.ACCOUNT_UNLOCKED,
                target=user,
                actor=user,
                from_status="locked",
                to_status="active",
                ip_address=ip_address,
            )
            token = trust_device(user=user, ip_address=ip_address, user_agent=user_agent)
            notify_user(
                user, "new_device", {"ip_address": ip_address or "", "device": user_agent[:120]}
            )
    if error is not None:
        raise error
    return token
