"""Issue 11, item 1 in real Chromium: a reviewer's first sign-in sets up the second factor (QR
code drawn on the server, the key as text, a first code from the "app"), shows the recovery codes
once, and every later sign-in asks for a fresh code before the workbench opens. Screenshots at
1280 and 390 px wide."""

import time
from base64 import b32decode
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.services.devices import trust_device
from tests.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def app_code(key: bytes, *, after_step: int = -1) -> str:
    """What an authenticator app holding `key` shows: the current code, or, when that time step
    was already used (each code works once), the next one, which arrives within 30 seconds."""
    now = int(time.time()) // 30
    drift = max(0, after_step + 1 - now)
    return f"{totp(key, drift=drift):06d}"


def both_widths(page, shot, name: str, card: str) -> None:
    """Screenshots at desktop and phone width; on the phone nothing scrolls sideways."""
    shot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    box = page.locator(card).bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (name, box)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    shot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/review/")
    page.wait_for_url("**/login/?next=/review/")
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button:has-text('Sign in')")


def test_a_reviewer_sets_up_the_second_factor_and_needs_it_on_every_sign_in(
    browser, live_server, transactional_db, shot
):
    reviewer = UserFactory(email="new.reviewer@example.com", reviewer=True)
    context = browser.new_context(viewport=DESKTOP)
    context.add_cookies(  # a trusted browser: no unusual-activity lock in this journey
        [
            {
                "name": settings.IPP["DEVICE_COOKIE"],
                "value": trust_device(user=reviewer, ip_address="127.0.0.1", user_agent="e2e"),
                "domain": urlparse(live_server.url).hostname,
                "path": "/",
            }
        ]
    )
    page = context.new_page()

    # 1. First sign-in: the password is right, but a staff account must set up a second factor.
    sign_in(page, live_server, reviewer.email)
    page.wait_for_url("**/account/security/second-factor/setup/")
    assert "Staff accounts sign in with a second factor" in page.inner_text("#staff-required")
    qr = page.locator(".qr svg.qr-code")
    assert qr.is_visible() and qr.bounding_box()["width"] >= 150
    assert page.locator("main img, main script").count() == 0
    both_widths(page, shot, "setup", "#second-factor-setup")

    # 2. The "app" reads the key shown as text and gives its first code.
    secret = page.inner_text("#totp-secret").replace(" ", "")
    key = b32decode(secret)
    page.fill("#id_code", app_code(key))
    page.click("button:has-text('Turn on two-step verification')")
    page.wait_for_url("**/second-factor/recovery-codes/")
    codes = page.locator("#recovery-codes li").all_inner_texts()
    assert len(codes) == 10 and all(len(c) == 9 for c in codes)
    assert "Two-step verification is on." in page.inner_text(".messages")
    both_widths(page, shot, "recovery-codes", "#recovery-codes-card")
    page.click("text=I have saved my recovery codes")
    page.wait_for_url("**/review/")

    # 3. Sign out; the next sign-in asks for a fresh code before the workbench opens.
    page.click("header >> text=Sign out")
    page.wait_for_selector("text=You are signed out.")
    sign_in(page, live_server, reviewer.email)
    page.wait_for_url("**/account/sign-in/second-factor/")
    both_widths(page, shot, "second-step", "#second-factor")
    page.goto(f"{live_server.url}/review/")
    page.wait_for_url("**/login/?next=/review/")  # not signed in before the code
    sign_in(page, live_server, reviewer.email)
    page.wait_for_url("**/account/sign-in/second-factor/")
    page.fill("#id_code", "000000" if app_code(key) != "000000" else "111111")
    page.click("main button:has-text('Verify')")
    assert "That code is not right." in page.inner_text(".field.has-error .error")
    shot(page, "wrong-code")
    time.sleep(1.1)  # each wrong code doubles the wait before the next try, starting at 1 s
    last_step = TOTPDevice.objects.get(user=reviewer).last_t
    page.fill("#id_code", app_code(key, after_step=last_step))
    page.click("main button:has-text('Verify')")
    page.wait_for_url("**/review/")
    assert reviewer.email in page.inner_text("header")
    shot(page, "workbench-after-second-factor")
    context.close()
