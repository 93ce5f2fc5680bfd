"""Emailed 6-digit codes. Stored as an HMAC-SHA256 keyed with SECRET_KEY; compared in constant
time; dead after CODE_MAX_ATTEMPTS wrong tries, after CODE_TTL, or once used."""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import outbox
from core.errors import DomainError, Throttled

from .. import policy
from ..models import CodePurpose, VerificationCode


def hash_code(purpose: str, code: str) -> str:
    key = settings.SECRET_KEY.encode()
    return hmac.new(key, f"{purpose}:{code}".encode(), hashlib.sha256).hexdigest()


def _new_code() -> str:
    digits = policy.code_length()
    return f"{secrets.randbelow(10**digits):0{digits}d}"


def _scope(purpose: str, registration=None, user=None):
    qs = VerificationCode.objects.filter(purpose=purpose)
    return qs.filter(registration=registration) if registration else qs.filter(user=user)


@dataclass(frozen=True)
class ResendWait:
    """Why a new code cannot be sent yet, and for how many more seconds."""

    code: str  # "resend_too_soon" or "resend_limit"
    seconds: int
    message: str


def resend_wait(*, purpose: str, registration=None, user=None) -> ResendWait | None:
    """Throttle: one code a minute, RESEND_MAX_PER_HOUR an hour, per registration or account.
    None when a new code may be sent now; else what to wait for and how long."""
    now = timezone.now()
    recent = _scope(purpose, registration, user).filter(created_at__gte=now - timedelta(hours=1))
    last = recent.order_by("-created_at").values_list("created_at", flat=True).first()
    # A code whose email never went out does not count against the hourly limit: the user can
    # always get a fresh one.
    sent = list(
        recent.filter(sent_at__isnull=False)
        .order_by("-created_at")
        .values_list("created_at", flat=True)[: policy.resend_max_per_hour()]
    )
    interval = policy.resend_min_interval()
    if last and now - last < interval:
        wait = int((interval - (now - last)).total_seconds()) + 1
        return ResendWait(
            code="resend_too_soon",
            seconds=wait,
            message=ngettext(
                "A code was sent moments ago. You can ask for another in %(n)d second.",
                "A code was sent moments ago. You can ask for another in %(n)d seconds.",
                wait,
            )
            % {"n": wait},
        )
    if len(sent) >= policy.resend_max_per_hour():
        # The oldest of the last N sent codes leaves the one-hour window first.
        wait = max(int((sent[-1] + timedelta(hours=1) - now).total_seconds()) + 1, 1)
        return ResendWait(
            code="resend_limit",
            seconds=wait,
            message=_("Too many codes were sent in the last hour. Please try again later."),
        )
    return None


def check_resend_allowed(*, purpose: str, registration=None, user=None) -> None:
    """Raise Throttled (with `retry_after` seconds) unless a new code may be sent now."""
    wait = resend_wait(purpose=purpose, registration=registration, user=user)
    if wait is not None:
        error = Throttled(wait.message, code=wait.code)
        error.retry_after = wait.seconds
        raise error


def live_code(*, purpose: str, registration=None, user=None) -> VerificationCode | None:
    """The code of this scope that can still be entered (not used, superseded, expired or
    worn out by wrong tries), or None."""
    row = (
        _scope(purpose, registration, user)
        .filter(consumed_at__isnull=True, superseded=False, expires_at__gt=timezone.now())
        .order_by("-created_at")
        .first()
    )
    return row if row is not None and row.is_live() else None


def issue_code(*, purpose: str, to_email: str, registration=None, user=None) -> VerificationCode:
    """Supersede live codes of the same scope, store a new one hashed and email it through the
    outbox (the plain code is kept there only encrypted, until the email is sent)."""
    code = _new_code()
    now = timezone.now()
    _scope(purpose, registration, user).filter(consumed_at__isnull=True).update(superseded=True)
    row = VerificationCode.objects.create(
        purpose=purpose,
        registration=registration,
        user=user,
        code_hash=hash_code(purpose, code),
        created_at=now,
        expires_at=now + policy.code_ttl(),
    )
    # In the account's language, else the page's (a registration has no account yet).
    language = getattr(user, "language", "") or translation.get_language() or ""
    outbox.enqueue(
        "accounts.tasks.send_code_email",
        code_id=row.pk,
        to_email=to_email,
        language=language,
        secrets={"code": code},
    )
    return row


DELAYED_AFTER = timedelta(seconds=30)


def code_delivery(*, purpose: str, registration=None, user=None) -> str:
    """How the newest code of this scope is getting on: "sent", "sending" (just issued),
    "delayed" (not sent after DELAYED_AFTER: the page says so) or "none"."""
    row = _scope(purpose, registration, user).order_by("-created_at").first()
    if row is None:
        return "none"
    if row.sent_at is not None:
        return "sent"
    return "delayed" if timezone.now() - row.created_at > DELAYED_AFTER else "sending"


@dataclass(frozen=True)
class CodeStatus:
    """What a code page (or API answer) tells the person: whether a code can be entered now,
    when it was sent and until when it works, and when a new one can be asked for."""

    active: bool
    delivery: str  # as code_delivery(): "sent", "sending", "delayed" or "none"
    issued_at: datetime | None
    sent_at: datetime | None
    expires_at: datetime | None
    resend_in: int  # seconds until "send a new code" is accepted; 0: now
    resend_blocked: str  # "", "resend_too_soon" or "resend_limit"
    resend_at: datetime  # when "send a new code" is accepted (now, or later)

    def as_dict(self) -> dict:
        return {
            "active": self.active,
            "delivery": self.delivery,
            "sent_at": self.sent_at,
            "expires_at": self.expires_at,
            "resend_available_in": self.resend_in,
            "resend_available_at": self.resend_at,
            "resend_blocked": self.resend_blocked or None,
        }


def code_status(*, purpose: str, registration=None, user=None) -> CodeStatus:
    live = live_code(purpose=purpose, registration=registration, user=user)
    wait = resend_wait(purpose=purpose, registration=registration, user=user)
    return CodeStatus(
        active=live is not None,
        delivery=code_delivery(purpose=purpose, registration=registration, user=user)
        if live is not None
        else "none",
        issued_at=live.created_at if live else None,
        sent_at=live.sent_at if live else None,
        expires_at=live.expires_at if live else None,
        resend_in=wait.seconds if wait else 0,
        resend_blocked=wait.code if wait else "",
        resend_at=timezone.now() + timedelta(seconds=wait.seconds if wait else 0),
    )


def consume_code(
    *, purpose: str, submitted: str, registration=None, user=None
) -> DomainError | None:
    """Check `submitted` against the live code of this scope. Returns None when it matches (the
    code is then used up) or the DomainError saying exactly what is wrong. The error is returned,
    not raised, so that the caller's transaction still commits the counted wrong try; the caller
    raises it after its atomic block. Must run inside a transaction (the row is locked)."""
    row = (
        _scope(purpose, registration, user)
        .select_for_update()
        .filter(consumed_at__isnull=True, superseded=False)
        .order_by("-created_at")
        .first()
    )
    now = timezone.now()
    max_attempts = policy.code_max_attempts()
    if row is None:
        return DomainError(
            _("No code is active. Please send a new code."), code="no_code", field="code"
        )
    if row.attempts >= max_attempts:
        return DomainError(
            _("Too many wrong codes. This code no longer works; please send a new one."),
            code="code_dead",
            field="code",
        )
    if row.expires_at <= now:
        return DomainError(
            _("This code has expired (codes last 10 minutes). Please send a new one."),
            code="code_expired",
            field="code",
        )
    if not hmac.compare_digest(row.code_hash, hash_code(purpose, submitted.strip())):
        row.attempts += 1
        row.save(update_fields=["attempts"])
        left = max_attempts - row.attempts
        if left <= 0:
            message = _(
                "The code is incorrect. It no longer works after 5 wrong tries; "
                "please send a new one."
            )
        else:
            message = ngettext(
                "The code is incorrect. %(n)d try left.",
                "The code is incorrect. %(n)d tries left.",
                left,
            ) % {"n": left}
        return DomainError(message, code="code_incorrect", field="code")
    row.consumed_at = now
    row.save(update_fields=["consumed_at"])
    return None


__all__ = [
    "CodePurpose",
    "CodeStatus",
    "ResendWait",
    "check_resend_allowed",
    "code_delivery",
    "code_status",
    "consume_code",
    "hash_code",
    "issue_code",
    "live_code",
    "resend_wait",
]
