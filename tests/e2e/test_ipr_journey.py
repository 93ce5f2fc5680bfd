"""An agent authenticates a trademark with a generated-then-signed authorization letter; a
reviewer rejects it, the agent fixes and resubmits, the reviewer authenticates it; after the
letter's term passes, the daily sweep withdraws it and IPR Management says why."""

import datetime
import io
import os

import pytest
import time_machine
from pypdf import PdfReader

from ipr import services
from ipr.models import IPR
from tests import files
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

# The Workbench queue row: claim it, or open it when this reviewer already holds it.
WORK_ON_IT = "#queue-items button:has-text('Claim'), #queue-items a:has-text('Work on it')"


def test_agent_trademark_rejected_fixed_authenticated_then_withdrawn_when_letter_ends(
    browser, live_server, shot, tmp_path
):
    agent = UserFactory(
        email="agent@swift-ip.example",
        identity_approved=True,
        identity_kind="business",
        registrant_category="agent",
        complainant_name="Swift IP Agency",
    )
    reviewer = UserFactory(email="reviewer@ipp.example", reviewer=True)
    today = datetime.date.today()
    letter_start, letter_end = today, today + datetime.timedelta(days=60)
    certificate = tmp_path / "tm-certificate.png"
    certificate.write_bytes(files.image_bytes("PNG", size=(720, 500), color=(236, 232, 220)))

    # --- the agent submits the trademark ------------------------------------------------------
    page = signed_in_context(browser, live_server, agent).new_page()
    page.goto(f"{live_server.url}/ipr/")
    shot(page, "ipr-management-empty")
    page.click("#submit-ipr")
    page.click("#kind-trademark")
    page.fill("#id_right_owner_name", "Acme Brands Ltd")
    page.check("#id_is_registered_0")
    page.check("#id_document_type_0")
    page.fill("#id_mark_word", "ACME")
    for nice_class in ("18", "25"):
        page.check(f"input[name=nice_classes][value='{nice_class}']")
    page.fill("#id_goods_services", "Class 18: bags, wallets. Class 25: clothing, footwear.")
    page.fill("#id_jurisdiction", "China")
    page.fill("#id_office", "CNIPA")
    page.fill("#id_number", "TM-30112233")
    page.fill("#id_registered_on", "2019-06-14")
    page.fill("#id_expires_on", (today + datetime.timedelta(days=2000)).isoformat())
    page.set_input_files("#id_certificate", str(certificate))
    shot(page, "trademark-form")
    page.click("#submit-form")
    page.wait_for_selector("#letter-step")
    shot(page, "letter-step")

    # --- downloads the generated letter, "has it signed", uploads it with its term --------------
    page.fill("#letter-step input[name=starts_on]", letter_start.isoformat())
    page.fill("#letter-step input[name=ends_on]", letter_end.isoformat())
    with page.expect_download() as download_info:
        page.click("#download-letter")
    letter = tmp_path / "authorization-letter.pdf"
    download_info.value.save_as(letter)
    text = " ".join(PdfReader(io.BytesIO(letter.read_bytes())).pages[0].extract_text().split())
    for expected in ("Acme Brands Ltd", "Swift IP Agency", "TM-30112233", letter_end.isoformat()):
        assert expected in text
    assert "to file infringement complaints through the IPP platform" in text
    page.set_input_files("#id_authorization_letter", str(letter))
    page.fill("#id_letter_starts_on", letter_start.isoformat())
    page.fill("#id_letter_ends_on", letter_end.isoformat())
    page.click("#upload-letter")
    page.wait_for_selector("#ipr-status:has-text('Pending authentication')")
    shot(page, "submitted-pending")

    # --- the reviewer rejects it with a reason -------------------------------------------------
    rpage = signed_in_context(browser, live_server, reviewer).new_page()
    # The former IPR queue page is retired: its address leads to the Workbench's queue.
    rpage.goto(f"{live_server.url}/ipr/review/")
    assert rpage.url.endswith("/review/queue/iprs/")
    shot(rpage, "reviewer-queue")
    rpage.click(WORK_ON_IT)
    # The certificate image has loaded at its real size (not a broken or blocked image).
    rpage.wait_for_function(
        "() => { const img = document.querySelector('.doc-view img');"
        " return img && img.complete && img.naturalWidth === 720; }"
    )
    # The PDF authorization letter is rendered as page images, readable in any browser.
    rpage.wait_for_function(
        "() => [...document.querySelectorAll('.doc-view img.pdf-page')]"
        ".some(img => img.complete && img.naturalWidth > 500)"
    )
    shot(rpage, "reviewer-documents-inline")
    rpage.click("#reject")
    rpage.check("input[name=code][value=owner_name_mismatch]")
    rpage.fill("#id_text", "The certificate names ACME BRANDS LIMITED, not Acme Brands Ltd.")
    shot(rpage, "reviewer-reject-confirm")
    rpage.click("#confirm-reject")
    rpage.wait_for_selector("text=IPR rejected")

    # --- the agent sees why, edits and resubmits -------------------------------------------------
    page.goto(f"{live_server.url}/ipr/")
    row = page.locator("#ipr-list tbody tr").first
    assert "Authentication failed" in row.inner_text()
    assert "ACME BRANDS LIMITED" in row.inner_text()
    shot(page, "management-failed-with-reason")
    row.locator("text=Edit").click()
    page.wait_for_selector("#failure-reason")
    page.fill("#id_right_owner_name", "Acme Brands Limited")
    shot(page, "edit-form")
    page.click("#submit-form")
    page.wait_for_selector("text=Resubmitted for authentication")

    # --- the reviewer authenticates it -----------------------------------------------------------
    rpage.goto(f"{live_server.url}/review/queue/iprs/")
    rpage.click(WORK_ON_IT)
    rpage.click("#approve")
    rpage.click("#confirm-approve")
    rpage.wait_for_selector("text=IPR authenticated")
    page.goto(f"{live_server.url}/ipr/")
    assert "Authenticated" in page.inner_text("#ipr-list")
    shot(page, "management-authenticated")

    # --- the letter's term passes; the daily sweep withdraws it ---------------------------------
    ipr = IPR.objects.get()
    assert (ipr.status, ipr.version, ipr.letter_ends_on) == ("authenticated", 2, letter_end)
    morning_after = datetime.datetime.combine(
        letter_end + datetime.timedelta(days=1), datetime.time(0, 20), tzinfo=datetime.UTC
    )
    with time_machine.travel(morning_after, tick=False):
        assert services.withdraw_expired()["letter_expired"] == 1
    page.goto(f"{live_server.url}/ipr/")
    row = page.locator("#ipr-list tbody tr").first
    assert "Withdrawn" in row.inner_text()
    assert "authorization letter for IPR enforcement has expired" in row.inner_text()
    assert row.locator("text=Renew").count() == 1
    shot(page, "management-withdrawn-with-reason")
    page.click("#ipr-list >> text=View")
    assert "authorization term has been renewed" in page.inner_text("#ipr-reason")
    shot(page, "detail-withdrawn-timeline")
