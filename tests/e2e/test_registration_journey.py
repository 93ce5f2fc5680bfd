"""Issue 2, steps 1-5 in real Chromium: register with the human check and the emailed code, set a
password, sign out and in, then sign in from an unknown device and unlock it with a code."""

import re
import time

import pytest
from django.core import mail

from accounts.models import User

pytestmark = [pytest.mark.e2e]

EMAIL = "jane.brand@example.com"
PASSWORD = "Brand-owner-2026!"


def wait_for_code(address: str, subject: str, seen: int = 0, seconds: float = 15.0) -> str:
    """The newest code the real worker emailed to `address` (beyond the first `seen`)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [m for m in mail.outbox if address in m.to and subject in m.subject]
        if len(found) > seen:
            return re.search(r"\b(\d{6})\b", found[-1].body).group(1)
        time.sleep(0.1)
    raise AssertionError(f"no {subject!r} email to {address} within {seconds} s")


def tick_human_check(page) -> None:
    # The widget ticks its box itself once the proof of work is done, so click, not check().
    page.locator("altcha-widget input[type=checkbox]").click()
    page.wait_for_selector("altcha-widget [data-state=verified]", timeout=30_000)


def test_register_verify_sign_in_and_unlock_an_unknown_device(
    browser, live_server, celery_worker, published_agreement, shot
):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(live_server.url)
    shot(page, "home")

    # 1. Register, top-right, with one visible mistake first.
    page.click("header .account-links >> text=Register")
    page.wait_for_url("**/register/")
    page.select_option("#id_location", "DE")
    page.check("input[name=identity_kind][value=business]")
    page.check("input[name=registrant_category][value=ipr_owner]")
    page.fill("#id_email", "jane.brand@")
    page.check("#id_agree")
    page.click("button:has-text('Agree and register')")
    email_error = page.locator(".field.has-error .error").first
    assert email_error.inner_text() == "Enter a valid email address, like name@example.com."
    assert page.input_value("#id_location") == "DE"
    assert page.is_checked("input[name=identity_kind][value=business]")
    assert page.is_checked("#id_agree")
    shot(page, "register-error-kept-answers")

    page.fill("#id_email", EMAIL)
    tick_human_check(page)
    shot(page, "register-human-check-verified")
    page.click("button:has-text('Agree and register')")
    page.wait_for_url("**/register/verify/")
    shot(page, "verify-code")

    # 2-3. The code from the real worker's email, then a password.
    page.fill("#id_code", wait_for_code(EMAIL, "verification code"))
    page.click("button:has-text('Verify')")
    page.wait_for_url("**/register/password/")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    shot(page, "set-password")
    page.click("button:has-text('Create my account')")
    page.wait_for_url("**/account/")
    assert page.inner_text("#identity-status") == "Pending identity verification"
    shot(page, "account-pending-identity")
    user = User.objects.get(email=EMAIL)
    assert user.agreement_version == published_agreement.version

    # 4. Sign out, sign in with "Member login": this browser is trusted, no challenge.
    page.click("header >> text=Sign out")
    page.wait_for_selector("text=You are signed out.")
    page.click("header .account-links >> text=Member login")
    page.fill("#id_email", EMAIL)
    page.fill("#id_password", PASSWORD)
    shot(page, "member-login")
    page.click("button:has-text('Sign in')")
    page.wait_for_url("**/account/")
    assert EMAIL in page.inner_text("header")

    # 5. Another browser (unknown device): locked with the FAQ's message until the code is in.
    stranger = browser.new_context(viewport={"width": 1280, "height": 900})
    other = stranger.new_page()
    other.goto(f"{live_server.url}/login/")
    other.fill("#id_email", EMAIL)
    other.fill("#id_password", PASSWORD)
    other.click("button:has-text('Sign in')")
    other.wait_for_url("**/login/unlock/")
    notice = other.inner_text("#unusual-activity")
    assert notice.startswith("We have noticed an unusual activity in your account.")
    assert "temporarily locked" in notice
    shot(other, "unusual-activity")
    code = wait_for_code(EMAIL, "unlock code")
    unlock_emails = [m for m in mail.outbox if "unlock code" in m.subject]
    assert [m.to for m in unlock_emails] == [[EMAIL]]
    other.fill("#id_code", code)
    other.click("button:has-text('Unlock my account')")
    other.wait_for_url("**/account/")
    assert "this device is trusted" in other.inner_text(".messages")
    shot(other, "unlocked-account")
    stranger.close()
    context.close()
