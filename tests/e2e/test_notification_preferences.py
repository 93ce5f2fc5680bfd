"""In real Chromium: a rights owner reads short notification lines, opens the email preferences
from the account page, puts complaint notices in the daily digest and turns reminders off;
mandatory categories cannot be changed. Screenshots at 1280 and 390 px wide."""

import pytest

from core.models import NotificationPreference
from core.notification_kinds import Category
from core.notify import notify_user
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory

pytestmark = [pytest.mark.e2e]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def both_widths(page, shot, name: str) -> None:
    shot(page, f"{name}-1280")
    page.set_viewport_size(PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], name
    shot(page, f"{name}-390")
    page.set_viewport_size(DESKTOP)


def test_an_owner_reads_short_notices_and_chooses_how_emails_come(
    browser, live_server, transactional_db, shot
):
    owner = UserFactory(email="prefs.owner@example.com", identity_approved=True)
    notify_user(owner, "complaint_validated", {"complaint_id": 12, "valid": 3, "total": 5})
    notify_user(
        owner,
        "complaint_processed",
        {"complaint_id": 12, "items": [], "accepted": 3, "total": 5},
    )
    notify_user(owner, "ipr_authenticated", {"ipr_id": 4, "ipr_label": "ACME"})
    context = signed_in_context(browser, live_server, owner)
    page = context.new_page()

    page.goto(f"{live_server.url}/notifications/")
    lines = page.locator("#notifications article strong").all_inner_texts()
    assert lines[:3] == [
        "IPR #4 “ACME” is authenticated",
        "Complaint #12: 3 of 5 URLs taken down",
        "Complaint #12: 3 of 5 URLs filed, waiting for review",
    ]
    assert "Hello" not in page.inner_text("#notifications")
    both_widths(page, shot, "notifications")

    page.goto(f"{live_server.url}/account/")
    page.click("#account-notifications a:has-text('Email preferences')")
    page.wait_for_url("**/account/notifications/")
    assert page.locator("#pref-seller_notices input[value=immediate]").is_disabled()
    assert page.locator("#pref-security input[value=off]").count() == 0
    page.check("#pref-complaints input[value=digest]")
    page.check("#pref-reminders input[value=off]")
    page.click("#notification-preferences button:has-text('Save')")
    page.wait_for_url("**/account/notifications/")
    assert "Your email preferences are saved." in page.inner_text("main")
    assert page.locator("#pref-complaints input[value=digest]").is_checked()
    both_widths(page, shot, "preferences")
    chosen = dict(
        NotificationPreference.objects.filter(user=owner).values_list("category", "delivery")
    )
    assert chosen == {Category.COMPLAINTS: "digest", Category.REMINDERS: "off"}
    context.close()
