import os
from datetime import date, timedelta

import pytest

from accounts.models import IdentityStatus
from tests import files
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The Workbench queue row: claim it, or open it when this reviewer already holds it.
WORK_ON_IT = "#queue-items button:has-text('Claim'), #queue-items a:has-text('Work on it')"


def test_identity_rejected_fixed_and_approved_makes_the_account_able_to_file(
    browser, live_server, shot, tmp_path
):
    owner = UserFactory(email="jane@example.com", contact_email="jane.ip@example.com")
    reviewer = UserFactory(email="rev@example.com", reviewer=True)
    scan = tmp_path / "passport.png"
    scan.write_bytes(files.image_bytes("PNG", size=(640, 420), color=(70, 110, 160)))
    expiry = (date.today() + timedelta(days=900)).isoformat()

    owner_ctx = signed_in_context(browser, live_server, owner)
    page = owner_ctx.new_page()
    page.goto(f"{live_server.url}/account/")
    assert "Pending identity verification" in page.inner_text("#identity-status")
    page.click("text=Verify my identity")
    shot(page, "identity-form")
    page.fill("#id_complainant_name", "Jane Example")
    page.select_option("#id_document_type", "passport")
    page.fill("#id_document_expires_on", expiry)
    page.click("#id_document_language_1")  # English
    page.set_input_files("#id_document", str(scan))
    page.click("button:has-text('Submit for review')")
    page.wait_for_selector("text=submitted for review")
    shot(page, "identity-submitted")

    rev_ctx = signed_in_context(browser, live_server, reviewer)
    rpage = rev_ctx.new_page()
    # The former identity queue page is retired: its address leads to the Workbench's queue.
    rpage.goto(f"{live_server.url}/staff/identity/")
    assert rpage.url.endswith("/review/queue/identity/")
    rpage.click(WORK_ON_IT)
    # The uploaded scan is shown inline at its real size (loaded, not a broken image).
    rpage.wait_for_function(
        "() => { const img = document.querySelector('.doc-view img');"
        " return img && img.complete && img.naturalWidth === 640; }"
    )
    shot(rpage, "reviewer-sees-document-inline")
    rpage.click("text=Start review")
    rpage.click("a:has-text('Reject')")
    rpage.select_option("#id_reason", "name_mismatch")
    rpage.fill("#id_note", "The passport reads JANE Q EXAMPLE.")
    rpage.click("button:has-text('Reject')")
    rpage.wait_for_selector("text=Identity rejected")

    page.goto(f"{live_server.url}/account/identity/")
    assert "JANE Q EXAMPLE" in page.inner_text("#rejection-reason")
    shot(page, "owner-sees-rejection")
    assert page.input_value("#id_complainant_name") == "Jane Example"
    page.fill("#id_complainant_name", "Jane Q Example")
    page.click("button:has-text('Resubmit')")  # the passport scan is kept from last time
    page.wait_for_selector("text=submitted for review")

    rpage.goto(f"{live_server.url}/review/queue/identity/")
    rpage.click(WORK_ON_IT)
    rpage.click("a:has-text('Approve')")
    rpage.click("button:has-text('Approve')")
    rpage.wait_for_selector("text=Identity approved")
    shot(rpage, "reviewer-approved")

    page.goto(f"{live_server.url}/account/")
    assert "Approved" in page.inner_text("#identity-status")
    assert page.locator("#filing-block").count() == 0
    shot(page, "owner-approved-can-file")
    owner.refresh_from_db()
    assert owner.identity_status == IdentityStatus.APPROVED
    assert owner.complainant_name == "Jane Q Example"
