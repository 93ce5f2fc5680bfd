"""Manage Complaints: labelled filters, saved filters (page and API), totals per status from the
maintained counts, and an "action needed" column, all at a cost that does not grow with rows."""

import re

import pytest
from rest_framework.test import APIClient

from complaints import saved_filters
from complaints.models import ComplaintStatus, SavedFilter
from core.errors import DomainError
from core.models import AuditEvent
from tests.complaints.test_list_pages import add_complaints, queries
from tests.factories import UserFactory


@pytest.mark.django_db
def test_saving_a_filter_stores_only_the_lists_filters_and_the_same_name_replaces_it(
    complainant,
):
    saved = saved_filters.save_filter(
        owner=complainant,
        name="  Taobao   fakes ",
        values={"platform": "taobao", "status": "", "q": "61000", "after": "x"},
    )
    assert saved.name == "Taobao fakes" and saved.query == "platform=taobao&q=61000"
    again = saved_filters.save_filter(
        owner=complainant, name="Taobao fakes", values={"status": "submitted"}
    )
    assert again.pk == saved.pk and again.query == "status=submitted"
    assert SavedFilter.objects.count() == 1
    assert AuditEvent.objects.filter(action="complaint_filter.saved").count() == 2
    with pytest.raises(DomainError, match="Name the filter"):
        saved_filters.save_filter(owner=complainant, name="   ", values={})


@pytest.mark.django_db
def test_an_owner_saves_picks_and_deletes_a_filter_on_the_page(client, complainant, trademark):
    add_complaints(complainant, trademark, 2)
    client.force_login(complainant)
    page = client.get("/complaints/?platform=taobao&status=submitted").content.decode()
    form = page[page.index('id="save-filter-form"') :].split("</form>")[0]
    assert 'name="platform" value="taobao"' in form and 'name="status" value="submitted"' in form
    response = client.post(
        "/complaints/filters/save/",
        {"platform": "taobao", "status": "submitted", "name": "Open on Taobao"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/complaints/?platform=taobao&status=submitted"
    saved = SavedFilter.objects.get(owner=complainant)
    page = client.get("/complaints/").content.decode()
    assert f'href="?platform=taobao&amp;status=submitted" data-saved-filter="{saved.pk}"' in page
    assert client.post(f"/complaints/filters/{saved.pk}/delete/").status_code == 302
    assert not SavedFilter.objects.exists()


@pytest.mark.django_db
def test_nobody_deletes_or_sees_anothers_saved_filter(client, complainant):
    saved = saved_filters.save_filter(owner=complainant, name="Mine", values={"q": "1"})
    other = UserFactory(email="other-owner@example.com", identity_approved=True)
    client.force_login(other)
    assert client.post(f"/complaints/filters/{saved.pk}/delete/").status_code == 404
    assert "Mine" not in client.get("/complaints/").content.decode()
    assert SavedFilter.objects.filter(pk=saved.pk).exists()
    client.logout()
    assert client.post("/complaints/filters/save/", {"name": "x"}).status_code == 302  # sign in
    assert SavedFilter.objects.count() == 1


@pytest.mark.django_db
def test_a_saved_filter_with_a_value_the_list_never_offers_is_refused(client, complainant):
    client.force_login(complainant)
    response = client.post("/complaints/filters/save/", {"platform": "nowhere", "name": "Bad"})
    assert response.status_code == 400 and not SavedFilter.objects.exists()


@pytest.mark.django_db
def test_the_api_saves_lists_and_deletes_filters(complainant):
    api = APIClient()
    api.force_authenticate(complainant)
    made = api.post(
        "/api/v1/complaints/saved-filters/",
        {"name": "Drafts", "filters": {"status": "draft", "reason": "counterfeit"}},
        format="json",
    )
    assert made.status_code == 201, made.json()
    assert made.json()["filters"] == {"status": "draft", "reason": "counterfeit"}
    assert made.json()["query"] == "status=draft&reason=counterfeit"
    listed = api.get("/api/v1/complaints/saved-filters/").json()
    assert [f["name"] for f in listed] == ["Drafts"]
    bad = api.post(
        "/api/v1/complaints/saved-filters/",
        {"name": "Bad", "filters": {"status": "lost"}},
        format="json",
    )
    assert bad.status_code == 400 and bad.json()["code"] == "bad_filter"
    gone = api.delete(f"/api/v1/complaints/saved-filters/{made.json()['id']}/")
    assert gone.status_code == 204 and not SavedFilter.objects.exists()
    assert APIClient().get("/api/v1/complaints/saved-filters/").status_code in (401, 403)


@pytest.mark.django_db
def test_totals_per_status_come_from_the_counts_and_link_to_the_filter(
    client, complainant, trademark
):
    add_complaints(complainant, trademark, 3)
    add_complaints(complainant, trademark, 2, status=ComplaintStatus.DRAFT)
    client.force_login(complainant)
    page = client.get("/complaints/?status=draft").content.decode()
    totals = page[page.index('id="complaint-totals"') :].split("</nav>")[0]
    assert re.search(r"All<strong>5</strong>", totals)
    assert re.search(r'href="\?status=draft" data-status="draft" class="current"', totals)
    assert re.search(r"Draft<strong>2</strong>", totals)
    assert re.search(r"<strong>3</strong>", totals)


@pytest.mark.django_db
def test_every_filter_control_has_a_label(client, complainant, trademark):
    client.force_login(complainant)
    page = client.get("/complaints/?status=draft").content.decode()
    for block in ('id="filters"', 'id="save-filter-form"'):
        html = page[page.index(block) :].split("</form>")[0]
        ids = re.findall(
            r'<(?:select|input)(?![^>]*type="(?:hidden|submit)")[^>]*id="([^"]+)"', html
        )
        assert ids, block
        for control in ids:
            labelled = f'for="{control}"' in html or re.search(
                rf"<label[^>]*>[^<]*<(?:select|input)[^>]*id=\"{control}\"", html
            )
            assert labelled, control


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/complaints/", "/complaints/?status=in_review"])
def test_saved_filters_totals_and_actions_keep_the_page_cost_flat(
    client, complainant, trademark, url
):
    add_complaints(complainant, trademark, 1, status=ComplaintStatus.IN_REVIEW)
    saved_filters.save_filter(owner=complainant, name="One", values={"status": "in_review"})
    client.force_login(complainant)
    queries(client, url)
    one = queries(client, url)
    add_complaints(complainant, trademark, 30, status=ComplaintStatus.IN_REVIEW)
    for n in range(5):
        saved_filters.save_filter(owner=complainant, name=f"F{n}", values={"q": str(n)})
    assert queries(client, url) == one
