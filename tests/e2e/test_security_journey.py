"""On a phone-sized screen, a rights owner reviews where the account is signed in, signs another
browser out, revokes an API client and signs out everywhere."""

import os
from urllib.parse import urlparse

import pytest
from django.conf import settings

from accounts.services.devices import trust_device
from tests.conftest import PASSWORD
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory, api_token_for

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _phone_signed_in(browser, live_server, user):
    """A phone browser signed in through the sign-in page, from a device the account trusts."""
    context = browser.new_context(viewport=PHONE, user_agent="Mozilla/5.0 (iPhone) Phone/1")
    device = trust_device(user=user, ip_address="127.0.0.1", user_agent="Phone/1")
    host = urlparse(live_server.url).hostname
    context.add_cookies(
        [{"name": settings.IPP["DEVICE_COOKIE"], "value": device, "domain": host, "path": "/"}]
    )
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_email", user.email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_server.url}/account/")
    return page


def _fits(page) -> bool:
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")


def test_owner_signs_another_browser_out_revokes_a_client_and_signs_out_everywhere(
    browser, live_server, shot
):
    owner = UserFactory(email="jane@example.com")
    desktop = signed_in_context(browser, live_server, owner).new_page()
    desktop.goto(f"{live_server.url}/account/")
    api_token_for(owner, "agency-sync")
    api_token_for(owner, "dashboard")

    page = _phone_signed_in(browser, live_server, owner)
    page.click("#account-security a[href='/account/security/']")
    page.wait_for_selector("#browser-sessions")
    assert "This browser" in page.inner_text("#browser-sessions")
    assert "agency-sync" in page.inner_text("#api-clients")
    assert _fits(page)
    shot(page, "security-page-phone")

    page.click("#browser-sessions button:has-text('Sign out')")
    page.wait_for_selector("text=That browser session is signed out.")
    assert page.locator("#browser-sessions li").count() == 1
    desktop.goto(f"{live_server.url}/account/")
    assert "/login/" in desktop.url

    page.click("button[aria-label='Revoke agency-sync']")
    page.wait_for_selector("text=agency-sync can no longer use the API.")
    assert "agency-sync" not in page.inner_text("#api-clients")
    assert "API client access revoked" in page.inner_text("#security-log")

    page.click("text=Sign out everywhere…")
    assert _fits(page)
    shot(page, "confirm-sign-out-everywhere")
    page.click("main button:has-text('Sign out everywhere')")
    page.wait_for_selector("text=This browser stays signed in.")
    assert "No API client is signed in." in page.inner_text("#api-clients")
    assert "Signed out everywhere" in page.inner_text("#security-log")
    shot(page, "signed-out-everywhere")
