"""Working-day deadlines on the calendar the settings define (IPP["CALENDAR"]): weekdays that are
not working days and dated holidays. A deadline of N working days from a moment is the same time
of day on the Nth working day after that moment's date (Friday 10:00 + 3 = Wednesday 10:00)."""

from datetime import date, datetime, timedelta

from django.conf import settings


def _calendar() -> tuple[set[int], set[date]]:
    config = settings.IPP.get("CALENDAR", {})
    weekend = set(config.get("weekend", (5, 6)))
    holidays = {
        date.fromisoformat(d) if isinstance(d, str) else d for d in config.get("holidays", ())
    }
    return weekend, holidays


def is_working_day(day: date) -> bool:
    weekend, holidays = _calendar()
    return day.weekday() not in weekend and day not in holidays


def add_working_days(start: datetime, days: int) -> datetime:
    if days < 0:
        raise ValueError("days must be >= 0")
    current = start
    remaining = days
    while remaining:
        current += timedelta(days=1)
        if is_working_day(current.date()):
            remaining -= 1
    return current


def working_days_between(start: date, end: date) -> int:
    """Working days after `start` up to and including `end` (0 when end <= start)."""
    count, day = 0, start
    while day < end:
        day += timedelta(days=1)
        count += is_working_day(day)
    return count


def working_days_left(due: datetime, now: datetime | None = None) -> int:
    """Whole working days between now and `due`, counted on the dates of the portal's time zone
    (the zone `add_working_days` computed the deadline in): 0 on the due date itself or when
    past. Wednesday 10:00 due, seen on Monday: 2 (Tuesday and Wednesday)."""
    from django.utils import timezone

    zone = timezone.get_default_timezone()
    now = now or timezone.now()
    return working_days_between(
        timezone.localtime(now, zone).date(), timezone.localtime(due, zone).date()
    )
