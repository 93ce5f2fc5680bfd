"""People who hit an error (403, 404, 429, 500) get a styled page with the portal's header and a
way back (home, and back one page), in production settings (DEBUG off, as in every test); a 429
states the limit that was hit and its real window; the 500 page needs neither the database nor
the request's context processors."""

import re

import pytest
from django.test import Client, RequestFactory

from core.rate_limits import RateLimitHit, describe_duration, split_rate
from core.unavailable import server_error


def _has_header_and_way_back(body: str) -> None:
    assert '<header class="topbar">' in body
    assert re.search(r'<a class="brand" href="/">', body)
    assert re.search(r'<a class="btn btn-\w+" href="/" id="way-home">', body)
    assert 'href="#main"' in body  # the skip link
    assert '<html lang="en">' in body


@pytest.mark.django_db
def test_production_404_page_has_the_header_and_a_way_back(client, settings):
    assert settings.DEBUG is False
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    _has_header_and_way_back(body)
    assert "This page does not exist" in body and 'data-back id="way-back"' in body


@pytest.mark.django_db
def test_404_for_a_signed_in_person_keeps_their_menu(client, rights_owner):
    client.force_login(rights_owner)
    body = client.get("/no-such-page/").content.decode()
    _has_header_and_way_back(body)
    assert 'aria-controls="site-menu"' in body and "My account" in body


def test_the_api_still_answers_404_in_json(client, db):
    response = client.get("/api/v1/no-such-thing/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_403_page_has_the_header_and_a_way_back(client, rights_owner):
    client.force_login(rights_owner)
    response = client.get("/review/")  # the reviewers' workbench
    assert response.status_code == 403
    body = response.content.decode()
    _has_header_and_way_back(body)
    assert "You cannot open this page" in body and rights_owner.email in body


@pytest.mark.django_db
def test_429_page_names_the_hourly_window_of_the_limit_hit(client):
    for _ in range(10):  # password reset: 10 an hour per address
        assert client.post("/account/password-reset/", {}).status_code == 200
    response = client.post("/account/password-reset/", {})
    assert response.status_code == 429
    body = response.content.decode()
    _has_header_and_way_back(body)
    assert "at most 10 in 1 hour" in body and "a few minutes" not in body
    assert 0 < int(response["Retry-After"]) <= 3600


@pytest.mark.django_db
def test_429_page_names_a_ten_minute_window(client):
    for _ in range(30):  # sign-in: 30 in 10 minutes per address
        client.post("/login/", {})
    response = client.post("/login/", {})
    assert response.status_code == 429
    assert "at most 30 in 10 minutes" in response.content.decode()
    assert 0 < int(response["Retry-After"]) <= 600


@pytest.mark.django_db
@pytest.mark.django_db
def test_api_429_names_the_window_and_sends_retry_after():
    api = Client()
    for _ in range(10):
        api.post("/api/v1/auth/password-reset/", {}, content_type="application/json")
    response = api.post("/api/v1/auth/password-reset/", {}, content_type="application/json")
    assert response.status_code == 429
    body = response.json()
    assert body["code"] == "throttled" and "at most 10 in 1 hour" in body["detail"]
    assert body["retry_after"] == int(response["Retry-After"]) <= 3600


@pytest.mark.urls("tests.core.error_urls")
@pytest.mark.django_db
def test_500_page_has_the_header_and_a_way_back(rights_owner):
    client = Client(raise_request_exception=False)
    client.force_login(rights_owner)
    response = client.get("/fail/")
    assert response.status_code == 500
    body = response.content.decode()
    _has_header_and_way_back(body)
    assert "Something went wrong" in body and "data-reload" in body
    api = client.get("/api/v1/fail/")
    assert api.status_code == 500 and api.json()["code"] == "server_error"


def test_500_page_renders_without_the_database_or_context_processors():
    """No django_db mark: any query here would fail the test."""
    request = RequestFactory().get("/complaints/")  # no session, no user
    response = server_error(request)
    assert response.status_code == 500
    _has_header_and_way_back(response.content.decode())


@pytest.mark.parametrize(
    ("rate", "window"),
    [("10/h", "1 hour"), ("30/10m", "10 minutes"), ("120/m", "1 minute"), ("5/d", "1 day")],
)
def test_limits_are_described_by_their_real_window(rate, window):
    limit, period = split_rate(rate)
    assert describe_duration(period) == window
    hit = RateLimitHit(limit=limit, period=period, retry_after=125)
    assert hit.message == (
        f"Too many attempts: this allows at most {limit} in {window}. Try again in 3 minutes."
    )


def test_short_waits_are_counted_in_seconds():
    assert describe_duration(45) == "45 seconds" and describe_duration(1) == "1 second"
