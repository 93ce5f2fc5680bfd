"""Deadlines read as working days left with the due moment in the viewer's own time zone."""

import datetime

import pytest
import time_machine
from django.template import Context, Template
from django.utils import timezone

from core.calendar import working_days_left
from core.templatetags.deadlines import deadline_html, deadline_text
from tests.factories import UserFactory

UTC = datetime.UTC
MONDAY_10 = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=UTC)
THURSDAY_18 = datetime.datetime(2026, 3, 5, 18, 0, tzinfo=UTC)


def test_working_days_left_counts_working_dates_after_today():
    assert working_days_left(THURSDAY_18, MONDAY_10) == 3
    friday = datetime.datetime(2026, 3, 6, 16, 0, tzinfo=UTC)
    next_tuesday = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=UTC)
    assert working_days_left(next_tuesday, friday) == 2  # the weekend does not count
    assert working_days_left(MONDAY_10, THURSDAY_18) == 0  # past


def test_the_text_says_days_left_and_the_due_moment_in_the_active_zone():
    with timezone.override("UTC"):
        assert deadline_text(THURSDAY_18, MONDAY_10) == "3 working days left (due 5 Mar, 18:00 UTC)"
    with timezone.override("Asia/Shanghai"):
        assert deadline_text(THURSDAY_18, MONDAY_10) == (
            "3 working days left (due 6 Mar, 02:00 CST)"
        )
    tuesday = datetime.datetime(2026, 3, 3, 9, 0, tzinfo=UTC)
    with timezone.override("UTC"):
        assert deadline_text(tuesday, MONDAY_10) == "1 working day left (due 3 Mar, 09:00 UTC)"
        later = MONDAY_10 + datetime.timedelta(hours=3)
        assert deadline_text(later, MONDAY_10).startswith("Less than a working day left")
        assert deadline_text(MONDAY_10, THURSDAY_18) == "Overdue since 2 Mar, 10:00 UTC"


def test_the_html_marks_urgent_and_overdue_deadlines_and_keeps_the_iso_moment():
    with timezone.override("UTC"):
        calm = deadline_html(THURSDAY_18, MONDAY_10)
        soon = deadline_html(MONDAY_10 + datetime.timedelta(days=1), MONDAY_10)
        late = deadline_html(MONDAY_10, THURSDAY_18)
    assert 'datetime="2026-03-05T18:00:00+00:00"' in calm and 'class="deadline "' in calm
    assert "deadline soon" in soon and "deadline overdue" in late
    assert deadline_html(None) == ""


def test_the_template_filter_renders_the_same():
    with time_machine.travel(MONDAY_10, tick=False), timezone.override("UTC"):
        html = Template("{% load deadlines %}{{ due|deadline }}").render(
            Context({"due": THURSDAY_18})
        )
    assert "3 working days left (due 5 Mar, 18:00 UTC)" in html


@pytest.mark.django_db
def test_pages_show_times_in_the_accounts_time_zone_and_the_default_otherwise(client, settings):
    settings.IPP = {**settings.IPP, "DEFAULT_TIME_ZONE": "Europe/Berlin"}
    user = UserFactory(email="tz@example.com")
    client.force_login(user)
    assert "Europe/Berlin" in client.get("/account/").content.decode()
    response = client.post(
        "/account/contact/",
        {"contact_email": "", "phone": "", "address": "", "time_zone": "Asia/Shanghai"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == "Asia/Shanghai"
    page = client.get("/account/").content.decode()
    assert 'id="account-time-zone">Asia/Shanghai' in page
    refused = client.post("/account/contact/", {"time_zone": "Mars/Olympus"})
    assert refused.status_code == 200 and "Choose a time zone" in refused.content.decode()


@pytest.mark.django_db
def test_the_profile_api_sets_the_time_zone_and_refuses_an_unknown_one(client):
    from rest_framework.test import APIClient

    user = UserFactory(email="tz-api@example.com")
    api = APIClient()
    api.force_authenticate(user)
    assert api.patch("/api/v1/me/", {"time_zone": "Europe/Paris"}).status_code == 200
    user.refresh_from_db()
    assert user.time_zone == "Europe/Paris"
    refused = api.patch("/api/v1/me/", {"time_zone": "Nowhere/City"})
    assert refused.status_code == 400 and refused.json()["code"] == "bad_time_zone"
