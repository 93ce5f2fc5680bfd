"""One client address (core.http.client_ip) for rate limits, API throttles and audit rows, read
from X-Forwarded-For only as far as IPP_TRUSTED_PROXIES says proxies stand in front."""

import pytest
from django.test import Client, RequestFactory
from rest_framework.test import APIClient

from accounts.audit_actions import AccountAction
from core.http import client_ip
from core.models import AuditEvent
from core.throttling import AnonRateThrottle

PROXY = "10.0.0.1"
PAGE = "/account/password-reset/"  # key="ip", 10 POSTs an hour
PAGE_LIMIT = 10
API = "/api/v1/auth/challenge/"  # anonymous: only the anonymous throttle counts


def _anon_limit() -> int:
    return AnonRateThrottle().num_requests


def _spend_page(client: Client, forwarded: list[str]) -> list[int]:
    return [client.post(PAGE, {}, HTTP_X_FORWARDED_FOR=f).status_code for f in forwarded]


def _spend_api(client: APIClient, forwarded: list[str]) -> list[int]:
    return [client.get(API, HTTP_X_FORWARDED_FOR=f).status_code for f in forwarded]


def _rotating(n: int) -> list[str]:
    """n different forwarded addresses, as a client rotating its X-Forwarded-For sends them."""
    return [f"198.51.{i // 250}.{i % 250 + 1}" for i in range(n)]


# --- no trusted proxy: X-Forwarded-For is anyone's claim ---------------------------------------
@pytest.mark.django_db
def test_rotating_forwarded_for_does_not_bypass_the_anonymous_api_throttle(settings):
    settings.IPP_TRUSTED_PROXIES = 0
    api = APIClient(REMOTE_ADDR="192.0.2.50")
    limit = _anon_limit()
    assert set(_spend_api(api, _rotating(limit))) == {200}
    assert _spend_api(api, ["203.0.113.99"]) == [429]


@pytest.mark.django_db
def test_rotating_forwarded_for_does_not_bypass_a_rate_limited_page(settings):
    settings.IPP_TRUSTED_PROXIES = 0
    page = Client(REMOTE_ADDR="192.0.2.50")
    assert set(_spend_page(page, _rotating(PAGE_LIMIT))) == {200}
    response = page.post(PAGE, {}, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429


@pytest.mark.django_db
def test_without_a_trusted_proxy_the_audit_row_records_the_peer(settings, rights_owner):
    settings.IPP_TRUSTED_PROXIES = 0
    Client(REMOTE_ADDR="192.0.2.50").post(
        "/login/",
        {"email": rights_owner.email, "password": "not-the-password"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert _failed_signin_ips(rights_owner) == ["192.0.2.50"]


# --- behind one trusted proxy ------------------------------------------------------------------
@pytest.mark.django_db
def test_behind_one_proxy_two_forwarded_clients_get_separate_page_buckets(settings):
    settings.IPP_TRUSTED_PROXIES = 1
    proxy = Client(REMOTE_ADDR=PROXY)
    assert set(_spend_page(proxy, ["203.0.113.7"] * PAGE_LIMIT)) == {200}
    assert _spend_page(proxy, ["203.0.113.7"]) == [429]
    assert _spend_page(proxy, ["203.0.113.8"]) == [200]


@pytest.mark.django_db
def test_behind_one_proxy_two_forwarded_clients_get_separate_api_throttle_buckets(settings):
    settings.IPP_TRUSTED_PROXIES = 1
    proxy = APIClient(REMOTE_ADDR=PROXY)
    limit = _anon_limit()
    assert set(_spend_api(proxy, ["203.0.113.7"] * limit)) == {200}
    assert _spend_api(proxy, ["203.0.113.7"]) == [429]
    assert _spend_api(proxy, ["203.0.113.8"]) == [200]


@pytest.mark.django_db
def test_behind_one_proxy_the_audit_row_records_the_forwarded_client(settings, rights_owner):
    settings.IPP_TRUSTED_PROXIES = 1
    Client(REMOTE_ADDR=PROXY).post(
        "/login/",
        {"email": rights_owner.email, "password": "not-the-password"},
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert _failed_signin_ips(rights_owner) == ["203.0.113.7"]


@pytest.mark.django_db
def test_behind_one_proxy_a_spoofed_entry_on_the_left_is_ignored(settings, rights_owner):
    settings.IPP_TRUSTED_PROXIES = 1
    proxy = Client(REMOTE_ADDR=PROXY)
    spoofed = [f"198.51.100.{i}, 203.0.113.7" for i in range(1, PAGE_LIMIT + 2)]
    statuses = _spend_page(proxy, spoofed)
    assert statuses == [200] * PAGE_LIMIT + [429]
    proxy.post(
        "/login/",
        {"email": rights_owner.email, "password": "not-the-password"},
        HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.7",
    )
    assert _failed_signin_ips(rights_owner) == ["203.0.113.7"]


def _failed_signin_ips(user) -> list[str | None]:
    rows = AuditEvent.objects.filter(action=AccountAction.SIGNIN_FAILED, target_id=str(user.pk))
    return list(rows.values_list("ip_address", flat=True))


# --- the rule itself ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.7", "192.0.2.50"),
        (1, "", "192.0.2.50"),  # bypassed the proxy: no header
        (1, "198.51.100.1, 203.0.113.7", "203.0.113.7"),
        (2, "198.51.100.1, 203.0.113.7, 10.0.0.9", "203.0.113.7"),  # the outermost proxy's view
        (2, "203.0.113.7", "192.0.2.50"),  # fewer entries than proxies
        (1, "not-an-address", "192.0.2.50"),
        (1, " 2001:db8::7 ", "2001:db8::7"),
    ],
)
def test_client_ip_takes_the_nth_forwarded_address_from_the_right(
    settings, proxies, forwarded, expected
):
    settings.IPP_TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", REMOTE_ADDR="192.0.2.50", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected
