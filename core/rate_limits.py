"""Rate limits on pages and API views: django-ratelimit's `ratelimit` decorator (same arguments,
same counters), whose refusal names the limit that was hit. The 429 page, the API's 429 body and
the `Retry-After` header then state the real window ("at most 10 in 1 hour") and the wait, instead
of a guess. core.views.rate_limited (RATELIMIT_VIEW) and core.api.exception_handler answer it."""

import math
import re
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_ratelimit import ALL
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

_RATE = re.compile(r"(\d+)/(\d*)([smhd])?")
_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def split_rate(rate: str) -> tuple[int, int]:
    """Read a rate the way django-ratelimit does: "10/h" is (10, 3600), "30/10m" (30, 600)."""
    match = _RATE.match(rate)
    if match is None:
        raise ValueError(f"not a rate: {rate!r}")
    count, multiplier, unit = match.groups()
    return int(count), _SECONDS[(unit or "s").lower()] * int(multiplier or 1)


def describe_duration(seconds: int) -> str:
    """A window or a wait in the largest whole unit: "1 hour", "10 minutes", "45 seconds"."""
    for size, one, many in (
        (86400, "%(n)d day", "%(n)d days"),
        (3600, "%(n)d hour", "%(n)d hours"),
        (60, "%(n)d minute", "%(n)d minutes"),
    ):
        if seconds >= size and seconds % size == 0:
            n = seconds // size
            return ngettext(one, many, n) % {"n": n}
    if seconds > 90:
        n = math.ceil(seconds / 60)
        return ngettext("%(n)d minute", "%(n)d minutes", n) % {"n": n}
    return ngettext("%(n)d second", "%(n)d seconds", seconds) % {"n": seconds}


class RateLimitHit(Ratelimited):
    """A request over a limit of `limit` requests per `period` seconds; the window ends in
    `retry_after` seconds."""

    def __init__(self, *, limit: int, period: int, retry_after: int):
        self.limit = limit
        self.period = period
        self.retry_after = max(retry_after, 1)
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _(
            "Too many attempts: this allows at most %(limit)d in %(window)s. Try again in %(wait)s."
        ) % {
            "limit": self.limit,
            "window": describe_duration(self.period),
            "wait": describe_duration(self.retry_after),
        }


def _resolve(rate: Any, group: str, request) -> Any:
    if callable(rate):
        return rate(group, request)
    if isinstance(rate, str) and "." in rate:
        return import_string(rate)(group, request)
    return rate


def ratelimit(group=None, key=None, rate=None, method=ALL, block=True) -> Callable:
    """django_ratelimit.decorators.ratelimit, raising RateLimitHit."""

    def decorator(fn: Callable) -> Callable:
        @wraps(fn)
        def _wrapped(request, *args, **kwargs):
            resolved: dict[str, Any] = {}

            def rate_of(group_name: str, req) -> Any:
                resolved["rate"] = _resolve(rate, group_name, req)
                return resolved["rate"]

            usage = get_usage(
                request, group=group, fn=fn, key=key, rate=rate_of, method=method, increment=True
            )
            limited = bool(usage and usage["should_limit"])
            request.limited = limited or getattr(request, "limited", False)
            if limited and block:
                period = _period(resolved.get("rate"))
                raise RateLimitHit(
                    limit=usage["limit"], period=period, retry_after=usage["time_left"]
                )
            return fn(request, *args, **kwargs)

        return _wrapped

    return decorator


def _period(rate: Any) -> int:
    if isinstance(rate, tuple):
        return int(rate[1])
    return split_rate(rate)[1] if isinstance(rate, str) else 60


def refusal(exception: BaseException | None) -> tuple[str, int | None]:
    """What a 429 says and its Retry-After (None when the limit is not known)."""
    if isinstance(exception, RateLimitHit):
        return exception.message, exception.retry_after
    return _("Too many attempts. Please wait a few minutes and try again."), None
