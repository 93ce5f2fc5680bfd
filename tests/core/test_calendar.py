from datetime import UTC, date, datetime

from core.calendar import add_working_days, is_working_day, working_days_between


def test_three_working_days_from_friday_is_wednesday_same_time():
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert add_working_days(friday, 3) == datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def test_holidays_from_settings_are_skipped(settings):
    settings.IPP = {**settings.IPP, "CALENDAR": {"weekend": (5, 6), "holidays": ["2026-11-23"]}}
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert not is_working_day(date(2026, 11, 23))
    assert add_working_days(friday, 1) == datetime(2026, 11, 24, 10, 0, tzinfo=UTC)


def test_a_six_day_week_calendar(settings):
    settings.IPP = {**settings.IPP, "CALENDAR": {"weekend": (6,), "holidays": []}}
    friday = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    assert add_working_days(friday, 1).date() == date(2026, 11, 21)


def test_working_days_between_counts_only_working_days():
    assert working_days_between(date(2026, 11, 20), date(2026, 11, 25)) == 3
    assert working_days_between(date(2026, 11, 25), date(2026, 11, 20)) == 0
