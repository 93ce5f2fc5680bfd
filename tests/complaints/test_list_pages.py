"""Manage Complaints and its API twin cost the same whatever the number of complaints: a query
budget that does not grow with rows, keyset pages whose bound is one row comparison, and rows
whose labels are computed once per page."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints import selectors
from complaints.models import Complaint, ComplaintStatus
from core.documents import store_upload
from tests import files
from tests.catalogue.factories import ListingFactory
from tests.ipr.conftest import IPRFactory

MOMENT = timezone.make_aware(datetime.datetime(2026, 3, 2, 12, 0))


def add_complaints(owner, ipr, n: int, *, moment=None, status=ComplaintStatus.SUBMITTED) -> list:
    """n complaints with one URL and one piece of evidence each (rows as the services leave them;
    the lists only read them)."""
    made = []
    for i in range(n):
        complaint = Complaint.objects.create(
            complainant=owner,
            platform="taobao",
            ipr=ipr,
            reason="counterfeit",
            status=status,
            url_count=1,
            valid_count=1,
            created_at=moment or timezone.now() - datetime.timedelta(minutes=i),
        )
        listing = ListingFactory(platform="taobao")
        complaint.items.create(
            line=1, url=listing.url, platform="taobao", listing_id=listing.listing_id
        )
        complaint.evidence.add(store_upload(owner=owner, upload=files.pdf()))
        made.append(complaint)
    return made


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/complaints/",
        "/complaints/?status=submitted",
        "/complaints/?q=https://item.taobao.com/item.htm?id=600000000001",
        "/api/v1/complaints/",
        "/api/v1/complaints/?platform=taobao",
    ],
)
def test_list_queries_do_not_grow_with_complaints(client, complainant, trademark, url):
    other_ipr = IPRFactory(owner=complainant, authenticated=True, mark_word="OTHER")
    add_complaints(complainant, trademark, 1)
    client.force_login(complainant)
    queries(client, url)  # warm the session's bookkeeping
    one = queries(client, url)
    add_complaints(complainant, other_ipr, 30)
    assert queries(client, url) == one
    assert one <= 12


@pytest.mark.django_db
def test_api_list_reads_evidence_in_one_query_for_the_page(client, complainant, trademark):
    made = add_complaints(complainant, trademark, 3)
    more = [store_upload(owner=complainant, upload=files.png()) for _ in range(2)]
    made[1].evidence.add(*more)
    made[2].evidence.clear()
    client.force_login(complainant)
    with CaptureQueriesContext(connection) as captured:
        body = client.get("/api/v1/complaints/").json()
    evidence = [q["sql"] for q in captured if "complaint_evidence" in q["sql"]]
    assert len(evidence) == 1
    by_id = {row["id"]: row["evidence"] for row in body["results"]}
    attached = {c.pk: [str(d) for d in ordered_evidence(c)] for c in made}
    assert by_id == attached
    assert [len(ids) for ids in by_id.values()] == [1, 3, 0]  # newest first
    # Every other field as the complaint's own answer (ComplaintOut) gives it.
    for row in body["results"]:
        own = client.get(f"/api/v1/complaints/{row['id']}/").json()
        assert {k: own[k] for k in row if k != "evidence"} == {
            k: v for k, v in row.items() if k != "evidence"
        }
        assert sorted(own["evidence"], key=str) == sorted(row["evidence"])


def ordered_evidence(complaint) -> list:
    """The ids of the complaint's documents in the order they were attached."""
    through = Complaint.evidence.through.objects.filter(complaint=complaint)
    return list(through.order_by("pk").values_list("document_id", flat=True))


@pytest.mark.django_db
def test_keyset_pages_cover_every_row_once_when_times_tie(complainant, trademark):
    made = add_complaints(complainant, trademark, 7, moment=MOMENT)
    seen, cursor = [], ""
    while True:
        rows, cursor = selectors.manage_page(
            complainant, selectors.ComplaintFilters(), cursor, size=3
        )
        seen += [r.pk for r in rows]
        if not cursor:
            break
    assert seen == sorted((c.pk for c in made), reverse=True)


@pytest.mark.django_db
def test_the_next_page_is_bounded_by_one_row_comparison(complainant, trademark):
    """An OR of two conditions is only a filter to PostgreSQL; the row comparison is an index
    bound, so a page deep in the list costs what the first page costs."""
    add_complaints(complainant, trademark, 3)
    _rows, cursor = selectors.manage_page(complainant, selectors.ComplaintFilters(), size=1)
    with CaptureQueriesContext(connection) as captured:
        selectors.manage_page(complainant, selectors.ComplaintFilters(), cursor, size=1)
    sql = captured[0]["sql"]
    assert '"created_at", "complaints_complaint"."id") < (' in sql
    assert " OR " not in sql


@pytest.mark.django_db
def test_manage_rows_show_labels_links_and_the_filter_keeps_the_chosen_ipr(
    client, complainant, trademark
):
    (complaint,) = add_complaints(complainant, trademark, 1)
    client.force_login(complainant)
    body = client.get(f"/complaints/?ipr={trademark.pk}").content.decode()
    row = body.split(f'<tr><td><a href="/complaints/{complaint.pk}/">#{complaint.pk}</a>')[1]
    row = row.split("</tr>")[0]
    assert "Taobao" in row and "Counterfeit" in row and str(trademark) in row
    assert "1 / 1 valid" in row and "Submitted, awaiting review" in row
    assert f'<option value="{trademark.pk}" selected>{str(trademark)}</option>' in body


@pytest.mark.django_db
def test_the_ipr_filter_escapes_names(client, complainant):
    IPRFactory(owner=complainant, authenticated=True, mark_word="<b>BOLD</b>")
    client.force_login(complainant)
    body = client.get("/complaints/").content.decode()
    assert "&lt;b&gt;BOLD&lt;/b&gt;" in body and "<b>BOLD</b>" not in body


@pytest.mark.django_db
def test_the_ipr_filter_takes_any_of_the_owners_iprs_older_than_the_list_shows(
    client, complainant, trademark, monkeypatch
):
    """The filter lists the newest IPRs only; an older one of the owner's still filters the page
    and the API (and is shown chosen), another owner's or a non-number gets a clear 400."""
    from rest_framework.test import APIClient

    from ipr import selectors as ipr_selectors

    (oldest,) = add_complaints(complainant, trademark, 1)
    newer = [IPRFactory(owner=complainant, mark_word=f"NEW{n}") for n in range(3)]
    add_complaints(complainant, newer[0], 1)
    stranger = IPRFactory(mark_word="STRANGER")
    client.force_login(complainant)
    api = APIClient()
    api.force_authenticate(complainant)
    monkeypatch.setattr(ipr_selectors, "FILTER_IPRS", 2)  # the trademark is no longer offered
    assert all(pk != trademark.pk for pk, _ in ipr_selectors.filter_names(complainant.pk))
    page = client.get(f"/complaints/?ipr={trademark.pk}")
    assert page.status_code == 200
    body = page.content.decode()
    assert f'<option value="{trademark.pk}" selected>{trademark}</option>' in body
    assert f'href="/complaints/{oldest.pk}/"' in body
    listed = api.get(f"/api/v1/complaints/?ipr={trademark.pk}")
    assert listed.status_code == 200
    assert [row["id"] for row in listed.json()["results"]] == [oldest.pk]
    for bad in (stranger.pk, "abc"):
        refused = api.get(f"/api/v1/complaints/?ipr={bad}")
        assert refused.status_code == 400
        assert refused.json()["detail"] == "ipr: Choose one of your IPRs."
        shown = client.get(f"/complaints/?ipr={bad}")
        assert shown.status_code == 400
        assert "ipr: Choose one of your IPRs." in shown.content.decode()
