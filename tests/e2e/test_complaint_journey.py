import pytest
from playwright.sync_api import expect

from complaints.models import Complaint
from tests.catalogue.factories import ListingFactory
from tests.complaints.conftest import url_of
from tests.e2e.helpers import signed_in_context
from tests.factories import UserFactory
from tests.files import image_bytes
from tests.ipr.conftest import IPRFactory

pytestmark = [pytest.mark.e2e]


def test_owner_fixes_bad_urls_submits_watches_validation_and_finds_it(
    browser, live_server, celery_worker, shot, tmp_path
):
    owner = UserFactory(
        email="brand@example.com", identity_approved=True, complainant_name="Acme Brands Ltd"
    )
    trademark = IPRFactory(owner=owner, authenticated=True, mark_word="ACME")
    good = [
        ListingFactory(
            platform="taobao", listing_id=str(650_000_000_000 + n), title=f"ACME sneaker copy {n}"
        )
        for n in range(6)
    ]
    bad_lines = [
        "https://www.taobao-sale.com/item.htm?id=1",
        f"{url_of(good[4])}{url_of(good[5])}",
        "https://s.taobao.com/search?q=acme+shoes",
    ]

    page = signed_in_context(browser, live_server, owner).new_page()
    page.goto(f"{live_server.url}/complaints/new/")
    page.check("input[name=platform][value=taobao]")
    page.select_option("#id_ipr", str(trademark.pk))
    page.select_option("#id_reason", "counterfeit")
    assert "proof of counterfeit" in page.inner_text("#reason-guidance")
    urls = [url_of(x) for x in good[:4]] + bad_lines
    page.fill("#id_urls", "\n".join(urls))
    page.wait_for_selector("#url-results .url-line.bad")
    assert page.locator("#url-results .url-line.bad").count() == 3
    shot(page, "bad-lines-marked-as-typed")
    page.click("button[value=submit]")
    page.wait_for_selector("text=Fix or remove the 3 marked line(s)")
    assert page.input_value("#id_urls").count("\n") == len(urls) - 1  # nothing lost
    shot(page, "submit-refused-everything-kept")

    page.fill("#id_urls", "\n".join(url_of(x) for x in good))
    proof = tmp_path / "side-by-side.png"
    proof.write_bytes(image_bytes())
    page.set_input_files("#id_evidence_1", str(proof))  # counterfeit requires proof
    # A function, not an expression: Playwright evaluates expressions with eval(), which the
    # Content-Security-Policy refuses.
    page.wait_for_function(
        "() => document.querySelectorAll('#url-results .url-line.good').length === 6"
    )
    page.click("button[value=submit]")
    page.wait_for_selector("#complaint-status")
    shot(page, "validating-progress")
    page.wait_for_function(
        "() => document.querySelector('#complaint-status').textContent.includes('awaiting review')",
        timeout=30_000,
    )
    # The status line and the rows are drawn by the same poll, but expect() retries: on a busy
    # machine the assertion must not read the page between two of its updates.
    expect(page.locator("#items .status-valid")).to_have_count(6)
    shot(page, "validated")

    page.click("text=Manage Complaints")
    page.wait_for_url("**/complaints/")
    complaint = Complaint.objects.get()
    page.fill("input[name=q]", url_of(good[2]))
    page.click("#filters button")
    page.wait_for_url("**q=**")  # the search's own page, not the list it replaces
    rows = page.locator("#complaints tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"#{complaint.pk}")
    shot(page, "manage-complaints-search")
