"""The review page at scale and the decisions / undo endpoints: the permission matrix, the page's
no-JS form (back to the same filtered page and place), the API's answers, query budgets."""

import pytest
from django.test import Client
from django.urls import reverse

from catalogue.models import ListingStatus
from complaints.models import ComplaintStatus, ItemStatus
from core.models import AuditEvent
from reviews.services import bulk

from .conftest import file_validated as _file_validated
from .conftest import items_of, make_listings

ACTORS = ["anonymous", "outsider", "complainant", "seller", "reviewer"]


def file_validated(complainant, ipr, listings):
    return _file_validated(complainant, ipr, listings, reason="trademark_unauthorized_use")


@pytest.fixture
def complaint(complainant, trademark, store):
    return file_validated(complainant, trademark, make_listings(store, 3))


@pytest.fixture
def big_complaint(complainant, trademark, store, other_store):
    """120 URLs: 70 from the seller's store (Apparel), 50 from another store (Shoes)."""
    listings = make_listings(store, 70) + make_listings(
        other_store, 50, start=621_000_000_000, category="Shoes"
    )
    return file_validated(complainant, trademark, listings)


def client_for(request, who):
    client = Client()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


def _statuses(complaint) -> list[str]:
    return [item.status for item in items_of(complaint)]


# --- permission matrix -------------------------------------------------------------------------
@pytest.mark.django_db
def test_only_a_reviewer_may_decide_a_selection_or_undo(request, complaint, reviewer):
    items = items_of(complaint)
    accepted = items[2]
    bulk.decide_items(
        complaint=complaint, item_ids=[accepted.pk], decision="accept", actor=reviewer
    )
    api = f"/api/v1/review/complaints/{complaint.pk}/decisions/"
    body = {"item_ids": [items[0].pk], "decision": "reject", "reason": "ipr_mismatch"}
    page = reverse("reviews:decide_items", args=[complaint.pk])
    form = {"items": [items[0].pk], "decision": "reject", "reason": "ipr_mismatch"}
    undo_api = f"/api/v1/review/items/{accepted.pk}/undo/"
    undo_page = reverse("reviews:undo", args=[accepted.pk])
    confirm_undo = reverse("reviews:confirm_undo", args=[accepted.pk])
    refused_api = {"anonymous": 401, "outsider": 403, "complainant": 403, "seller": 403}
    refused_page = {"anonymous": 302, "outsider": 403, "complainant": 403, "seller": 403}
    for who in ACTORS[:-1]:
        client = client_for(request, who)
        assert (
            client.post(api, body, content_type="application/json").status_code
            == (refused_api[who])
        ), who
        assert client.post(undo_api).status_code == refused_api[who], who
        assert client.post(page, form).status_code == refused_page[who], who
        assert client.post(undo_page).status_code == refused_page[who], who
        assert client.get(confirm_undo).status_code == refused_page[who], who
    assert _statuses(complaint) == ["valid", "valid", "accepted"]
    assert not AuditEvent.objects.filter(action__in=["url.rejected", "url.undone"]).exists()
    reviewer_client = client_for(request, "reviewer")
    assert reviewer_client.get(confirm_undo).status_code == 200
    assert reviewer_client.get(page).status_code == 405  # POST only
    assert reviewer_client.get(api).status_code == 405
    response = reviewer_client.post(api, body, content_type="application/json")
    assert response.status_code == 200
    assert reviewer_client.post(undo_api).status_code == 200
    assert _statuses(complaint) == ["rejected", "valid", "valid"]


# --- the page, without JavaScript ---------------------------------------------------------------
@pytest.mark.django_db
def test_the_page_form_decides_the_ticked_urls_and_returns_to_the_same_place(
    client, reviewer, big_complaint, store
):
    client.force_login(reviewer)
    items = items_of(big_complaint)
    filtered = f"?seller={store.pk}&page=2"
    page = client.get(reverse("reviews:complaint", args=[big_complaint.pk]) + filtered)
    body = page.content.decode()
    assert "All 70 URLs awaiting a decision" in body and "Page 2 of 2" in body
    response = client.post(
        reverse("reviews:decide_items", args=[big_complaint.pk]),
        {
            "items": [items[0].pk, items[1].pk],
            "decision": "reject",
            "reason": "use_not_located",
            "note": "No ACME mark on these.",
            "seller": str(store.pk),
            "page": "2",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == (
        f"/review/complaints/{big_complaint.pk}/?seller={store.pk}&page=2#urls"
    )
    assert "2 URLs rejected." in client.get(response["Location"]).content.decode()
    assert _statuses(big_complaint)[:3] == ["rejected", "rejected", "valid"]


@pytest.mark.django_db
def test_all_matching_decides_every_open_url_of_the_filter_across_pages(
    client, reviewer, big_complaint, other_store
):
    client.force_login(reviewer)
    url = reverse("reviews:decide_items", args=[big_complaint.pk])
    response = client.post(
        url,
        {
            "all_matching": "1",
            "decision": "reject",
            "reason": "ipr_mismatch",
            "seller": str(other_store.pk),
        },
        follow=True,
    )
    assert "50 URLs rejected." in response.content.decode()
    statuses = _statuses(big_complaint)
    assert statuses[:70] == ["valid"] * 70 and statuses[70:] == ["rejected"] * 50
    # The rest (the first store's 70, more than a page): accept them all in one action.
    response = client.post(url, {"all_matching": "1", "decision": "accept"}, follow=True)
    assert "70 URLs accepted" in response.content.decode()
    assert _statuses(big_complaint)[:70] == ["accepted"] * 70
    big_complaint.refresh_from_db()
    assert big_complaint.status == ComplaintStatus.PROCESSED


@pytest.mark.django_db
def test_a_refused_decision_is_shown_as_a_message_on_the_same_page(client, reviewer, complaint):
    client.force_login(reviewer)
    items = items_of(complaint)
    response = client.post(
        reverse("reviews:decide_items", args=[complaint.pk]),
        {"items": [items[0].pk], "decision": "reject", "reason": ""},
        follow=True,
    )
    assert "Choose a reason for rejecting these URLs." in response.content.decode()
    response = client.post(
        reverse("reviews:decide_items", args=[complaint.pk]), {"decision": "accept"}, follow=True
    )
    assert "Select at least one URL." in response.content.decode()
    assert _statuses(complaint) == ["valid"] * 3


@pytest.mark.django_db
def test_the_page_offers_undo_to_the_reviewer_who_accepted_and_undo_works(
    client, reviewer, complaint
):
    client.force_login(reviewer)
    first = items_of(complaint)[0]
    bulk.decide_items(complaint=complaint, item_ids=[first.pk], decision="accept", actor=reviewer)
    body = client.get(reverse("reviews:complaint", args=[complaint.pk])).content.decode()
    assert f'data-undo="{first.pk}"' in body
    response = client.post(reverse("reviews:undo", args=[first.pk]), follow=True)
    assert "URL 1 undone" in response.content.decode()
    first.refresh_from_db()
    assert first.status == ItemStatus.VALID
    assert first.catalogue_listing.status == ListingStatus.RESTORED


# --- the API -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_decisions_endpoint_answers_each_item_with_its_undo_window(client, reviewer, complaint):
    client.force_login(reviewer)
    items = items_of(complaint)
    response = client.post(
        f"/api/v1/review/complaints/{complaint.pk}/decisions/",
        {"item_ids": [items[0].pk, items[1].pk], "decision": "accept", "note": "Fake logo."},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    data = response.json()
    assert data["decided"] == 2 and data["complaint_status"] == "in_review"
    assert [i["status"] for i in data["items"]] == ["accepted", "accepted"]
    assert all(i["undo_until"] == data["undo_until"] for i in data["items"])
    again = client.post(
        f"/api/v1/review/complaints/{complaint.pk}/decisions/",
        {"item_ids": [items[0].pk], "decision": "reject", "reason": "ipr_mismatch"},
        content_type="application/json",
    )
    assert again.status_code == 409 and again.json()["code"] == "already_decided"
    bad = client.post(
        f"/api/v1/review/complaints/{complaint.pk}/decisions/",
        {"item_ids": [], "decision": "accept"},
        content_type="application/json",
    )
    assert bad.status_code == 400
    undo = client.post(f"/api/v1/review/items/{items[0].pk}/undo/")
    assert undo.status_code == 200
    assert undo.json()["item"]["status"] == "valid" and undo.json()["item"]["undo_until"] is None
    twice = client.post(f"/api/v1/review/items/{items[0].pk}/undo/")
    assert twice.status_code == 409 and twice.json()["code"] == "not_accepted"


@pytest.mark.django_db
def test_openapi_documents_the_decisions_and_undo_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/review/complaints/{id}/decisions/",
        "/api/v1/review/items/{id}/undo/",
    ):
        assert path in schema, path
    assert "undo_until" in schema and "item_ids" in schema


# --- query budget ------------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_review_page_costs_the_same_for_10_and_200_urls(
    client, reviewer, complainant, trademark, store, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reviewer)
    counts = []
    for n, start in ((10, 700_000_000_000), (200, 710_000_000_000)):
        complaint = file_validated(complainant, trademark, make_listings(store, n, start))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("reviews:complaint", args=[complaint.pk])).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
    assert counts[1] <= 30
