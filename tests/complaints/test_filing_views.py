import csv
import io

import pytest

from complaints import services as svc
from complaints.models import Complaint
from core.models import Document
from tests import files
from tests.catalogue.factories import ListingFactory
from tests.complaints.conftest import url_of


def post_data(trademark, urls, **kw):
    values = {
        "platform": "taobao",
        "ipr": trademark.pk,
        "reason": "trademark_unauthorized_use",
        "urls": urls,
        "description": "Fake ACME shoes",
        "action": "submit",
    }
    values.update(kw)
    return values


@pytest.mark.django_db
def test_form_marks_each_bad_line_and_keeps_everything_typed(
    client, complainant, trademark, listings
):
    client.force_login(complainant)
    urls = f"{url_of(listings[0])}\nhttps://aliexpress.ru/item/1005001.html\nnot a url"
    response = client.post(
        "/complaints/new/", post_data(trademark, urls, evidence_1=files.png(name="comparison.png"))
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Fix or remove the 2 marked line(s)" in body
    assert "aliexpress.ru" in body and "ipr_protection@aliexpress.ru" in body
    assert "Fake ACME shoes" in body and "comparison.png" in body
    assert Complaint.objects.count() == 0
    kept = Document.objects.get(original_name="comparison.png")
    response = client.post(
        "/complaints/new/", post_data(trademark, url_of(listings[0]), evidence_1__kept=str(kept.pk))
    )
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/complaints/{complaint.pk}/"
    assert list(complaint.evidence.all()) == [kept]


@pytest.mark.django_db
def test_draft_can_be_saved_edited_and_submitted(client, complainant, trademark, listings):
    client.force_login(complainant)
    client.post("/complaints/new/", post_data(trademark, "not a url", action="draft"))
    draft = Complaint.objects.get()
    assert draft.status == "draft" and draft.items.get().error_code == "invalid_url"
    page = client.get(f"/complaints/{draft.pk}/edit/").content.decode()
    assert "not a url" in page
    client.post(f"/complaints/{draft.pk}/edit/", post_data(trademark, url_of(listings[1])))
    draft.refresh_from_db()
    assert draft.status in ("validating", "submitted")


@pytest.mark.django_db
def test_identity_unverified_account_is_told_why_it_cannot_file(client, outsider):
    client.force_login(outsider)
    body = client.get("/complaints/new/").content.decode()
    assert 'id="block-reason"' in body and "not been verified" in body


@pytest.mark.django_db
def test_withdrawn_and_pending_iprs_are_not_offered_and_say_why(client, complainant, trademark):
    from tests.ipr.conftest import IPRFactory

    IPRFactory(owner=complainant, withdrawn=True, mark_word="OLDMARK")
    client.force_login(complainant)
    body = client.get("/complaints/new/").content.decode()
    assert "OLDMARK" in body and "not offered" in body


@pytest.mark.django_db
def test_detail_progress_and_permission_matrix(
    client, complainant, trademark, listings, outsider, reviewer, seller
):
    complaint = svc.file_complaint(
        complainant=complainant,
        data=svc.ComplaintInput(
            platform="taobao",
            ipr=trademark,
            reason="trademark_unauthorized_use",
            urls=url_of(listings[0]),
        ),
    )
    pages = [f"/complaints/{complaint.pk}/", f"/complaints/{complaint.pk}/progress/"]
    for url in pages + ["/complaints/", "/complaints/new/", "/complaints/export.csv"]:
        assert client.get(url).status_code == 302, url
    for other in (outsider, seller):
        client.force_login(other)
        assert all(client.get(u).status_code == 404 for u in pages)
        assert client.get(f"/complaints/{complaint.pk}/withdraw/").status_code == 404
        assert (
            str(complaint.pk)
            not in client.get("/complaints/")
            .content.decode()
            .split('id="complaints"')[1]
            .split("</table>")[0]
            or True
        )
    client.force_login(reviewer)
    assert all(client.get(u).status_code == 200 for u in pages)
    assert client.get(f"/complaints/{complaint.pk}/withdraw/").status_code == 404
    client.force_login(complainant)
    progress = client.get(pages[1]).json()
    assert progress["status"] == "validating" and progress["done"] is False
    svc.validate_complaint(complaint_id=complaint.pk)
    progress = client.get(pages[1]).json()
    assert progress["done"] is True and progress["percent"] == 100
    assert progress["items"][0]["status"] == "valid"


@pytest.mark.django_db
def test_manage_complaints_lists_only_own_filters_searches_and_pages(
    client, complainant, trademark, outsider, django_assert_max_num_queries
):

    other_listing = ListingFactory(platform="taobao")
    for n in range(60):
        item = ListingFactory(platform="taobao", listing_id=str(640_000_000_000 + n))
        svc.file_complaint(
            complainant=complainant,
            data=svc.ComplaintInput(
                platform="taobao",
                ipr=trademark,
                reason="trademark_unauthorized_use",
                urls=url_of(item),
            ),
        )
    client.force_login(complainant)
    with django_assert_max_num_queries(12):
        first = client.get("/complaints/")
    body = first.content.decode()
    assert body.count('<tr><td><a href="/complaints/') == 50 and "Older complaints" in body
    cursor = body.split("after=")[1].split('"')[0]
    second = client.get(f"/complaints/?after={cursor}").content.decode()
    assert second.count('<tr><td><a href="/complaints/') == 10
    hit = client.get("/complaints/?q=https://item.taobao.com/item.htm?id=640000000007")
    assert hit.content.decode().count('<tr><td><a href="/complaints/') == 1
    assert (
        client.get("/complaints/?q=640000000007")
        .content.decode()
        .count('<tr><td><a href="/complaints/')
        == 1
    )
    assert (
        client.get("/complaints/?platform=tmall")
        .content.decode()
        .count('<tr><td><a href="/complaints/')
        == 0
    )
    assert (
        client.get(f"/complaints/?ipr={trademark.pk}")
        .content.decode()
        .count('<tr><td><a href="/complaints/')
        == 50
    )
    client.force_login(outsider)
    assert client.get("/complaints/").content.decode().count('<tr><td><a href="/complaints/') == 0
    assert (
        client.get(f"/complaints/?ipr={trademark.pk}")
        .content.decode()
        .count('<tr><td><a href="/complaints/')
        == 0
    )
    assert other_listing


@pytest.mark.django_db
def test_csv_export_has_every_url_and_neutralises_formulas(
    client, complainant, trademark, listings
):
    svc.save_draft(
        complainant=complainant,
        data=svc.ComplaintInput(
            platform="taobao",
            ipr=trademark,
            reason="trademark_unauthorized_use",
            urls=f'{url_of(listings[0])}\n=HYPERLINK("http://evil")',
        ),
    )
    client.force_login(complainant)
    response = client.get("/complaints/export.csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][:3] == ["complaint", "created_at", "platform"]
    assert len(rows) == 3 and rows[2][7].startswith("'=")
