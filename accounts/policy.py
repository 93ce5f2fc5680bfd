"""Sign-in and verification-code limits as typed values. `settings.IPP` holds them (tests and
deployments override values there); this module is the one typed way services read them."""

from datetime import timedelta
from typing import Any, TypeVar

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

T = TypeVar("T")


def ipp_setting(name: str, kind: type[T], default: T | None = None) -> T:
    """`settings.IPP[name]` (or `default`), refused if it is not a `kind` (a misconfiguration)."""
    value: Any = settings.IPP.get(name, default)
    if not isinstance(value, kind):
        raise ImproperlyConfigured(f'settings.IPP["{name}"] must be a {kind.__name__}.')
    return value


def code_length() -> int:
    return ipp_setting("CODE_LENGTH", int)


def code_ttl() -> timedelta:
    return ipp_setting("CODE_TTL", timedelta)


def code_max_attempts() -> int:
    return ipp_setting("CODE_MAX_ATTEMPTS", int)


def resend_min_interval() -> timedelta:
    return ipp_setting("RESEND_MIN_INTERVAL", timedelta)


def resend_max_per_hour() -> int:
    return ipp_setting("RESEND_MAX_PER_HOUR", int)


def failed_logins_before_lock() -> int:
    return ipp_setting("FAILED_LOGINS_BEFORE_LOCK", int)


def failed_login_lock() -> timedelta:
    return ipp_setting("FAILED_LOGIN_LOCK", timedelta)


def api_token_ttl() -> timedelta:
    """How long an API token lives from its issue; use never extends it."""
    return ipp_setting("API_TOKEN_TTL", timedelta)
