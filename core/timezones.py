"""The viewer's time zone: each account may name one (accounts.User.time_zone); without one,
the portal's default, `settings.IPP["DEFAULT_TIME_ZONE"]` (UTC unless set). Times are stored in
UTC and shown in the active zone (`UserTimeZoneMiddleware` activates it per request)."""

import functools
import zoneinfo
from datetime import tzinfo

from django.conf import settings


@functools.cache
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone name this system knows, sorted (the account form's choices)."""
    return tuple(sorted(zoneinfo.available_timezones()))


def is_time_zone(name: str) -> bool:
    return name in time_zone_names()


def default_time_zone_name() -> str:
    return str(getattr(settings, "IPP", {}).get("DEFAULT_TIME_ZONE") or settings.TIME_ZONE)


def zone_for(name: str | None) -> tzinfo:
    """The zone named, or the portal's default for an empty or unknown name."""
    for candidate in (name, default_time_zone_name()):
        if candidate and is_time_zone(candidate):
            return zoneinfo.ZoneInfo(candidate)
    return zoneinfo.ZoneInfo("UTC")
