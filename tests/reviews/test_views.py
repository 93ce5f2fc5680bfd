"""Pages and API: the permission matrix for every page and endpoint, happy paths, query budgets."""

import pytest
from django.test import Client
from django.urls import reverse

from complaints.models import ItemStatus
from core import claims
from reviews.models import CounterNotice
from reviews.services import counter_notices as cn
from reviews.services import decisions
from tests.factories import UserFactory

from .conftest import file_validated, items_of, make_listings
from .test_services import cn_input

ACTORS = ["anonymous", "outsider", "complainant", "other_seller", "seller", "reviewer"]


@pytest.fixture
def world(complaint, reviewer, seller, complainant, other_store, outsider, trademark):
    """Item 1 accepted with a maintained counter-notice, item 2 accepted, item 3 rejected; and
    another complaint against another seller's listing."""
    a, b, c = items_of(complaint)
    decisions.accept_item(item=a, actor=reviewer)
    decisions.accept_item(item=b, actor=reviewer)
    decisions.reject_item(item=c, actor=reviewer, reason="ipr_mismatch", note="Jewelry")
    notice = cn.submit_counter_notice(item=a, actor=seller, data=cn_input())
    cn.maintain_complaint(counter_notice=notice, actor=complainant, statement="No", evidence=[])
    other = file_validated(complainant, trademark, make_listings(other_store, 1, 690_000_000_000))
    decisions.accept_item(item=items_of(other)[0], actor=reviewer)
    return {"complaint": complaint, "item": a, "notice": notice, "other_item": items_of(other)[0]}


def client_for(request, who):
    client = Client()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(who))
    return client


REVIEWER_ONLY = {"reviewer": 200, "anonymous": 302, "default": 403}
PAGES = {
    "workbench": (lambda w: reverse("reviews:workbench"), REVIEWER_ONLY),
    "queue": (lambda w: reverse("reviews:queue", args=["complaints"]), REVIEWER_ONLY),
    "review": (lambda w: reverse("reviews:complaint", args=[w["complaint"].pk]), REVIEWER_ONLY),
    "confirm_accept": (
        lambda w: reverse("reviews:confirm_accept", args=[w["item"].pk]),
        REVIEWER_ONLY,
    ),
    "confirm_reject": (
        lambda w: reverse("reviews:confirm_reject", args=[w["item"].pk]),
        REVIEWER_ONLY,
    ),
    "seller_history": (
        lambda w: reverse("reviews:seller_history", args=[w["item"].seller_id]),
        REVIEWER_ONLY,
    ),
    "confirm_decide": (
        lambda w: reverse("reviews:confirm_decide", args=[w["notice"].pk]),
        {"reviewer": 200, "anonymous": 302, "complainant": 403, "seller": 403, "default": 404},
    ),
    "seller_home": (
        lambda w: reverse("reviews:seller_home"),
        {"seller": 200, "other_seller": 200, "anonymous": 302, "default": 404},
    ),
    "seller_item": (
        lambda w: reverse("reviews:seller_item", args=[w["item"].pk]),
        {"seller": 200, "anonymous": 302, "default": 404},
    ),
    "counter_notice": (
        lambda w: reverse("reviews:counter_notice", args=[w["notice"].pk]),
        {"seller": 200, "complainant": 200, "reviewer": 200, "anonymous": 302, "default": 404},
    ),
    "maintain": (
        lambda w: reverse("reviews:maintain", args=[w["notice"].pk]),
        {"complainant": 200, "anonymous": 302, "default": 404},
    ),
    "complaint_page": (
        lambda w: reverse("complaints:detail", args=[w["complaint"].pk]),
        {"seller": 200, "complainant": 200, "reviewer": 200, "anonymous": 302, "default": 404},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("page", sorted(PAGES))
def test_page_permission_matrix(request, world, page):
    url, expected = PAGES[page]
    for who in ACTORS:
        response = client_for(request, who).get(url(world))
        assert response.status_code == expected.get(who, expected["default"]), (page, who)


API_REVIEWER_ONLY = {"reviewer": 200, "anonymous": 401, "default": 403}
ENDPOINTS = {
    "queues": (lambda w: "/api/v1/review/queues/", API_REVIEWER_ONLY),
    "queue": (lambda w: "/api/v1/review/queues/complaints/", API_REVIEWER_ONLY),
    "seller_history": (
        lambda w: f"/api/v1/review/sellers/{w['item'].seller_id}/points/",
        API_REVIEWER_ONLY,
    ),
    "seller_items": (
        lambda w: "/api/v1/seller/items/",
        {"seller": 200, "other_seller": 200, "anonymous": 401, "default": 404},
    ),
    "seller_item": (
        lambda w: f"/api/v1/seller/items/{w['item'].pk}/",
        {"seller": 200, "anonymous": 401, "default": 404},
    ),
    "seller_points": (
        lambda w: "/api/v1/seller/points/",
        {"seller": 200, "other_seller": 200, "anonymous": 401, "default": 404},
    ),
    "counter_notice": (
        lambda w: f"/api/v1/counter-notices/{w['notice'].pk}/",
        {"seller": 200, "complainant": 200, "reviewer": 200, "anonymous": 401, "default": 404},
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_api_permission_matrix(request, world, endpoint):
    url, expected = ENDPOINTS[endpoint]
    for who in ACTORS:
        response = client_for(request, who).get(url(world))
        assert response.status_code == expected.get(who, expected["default"]), (endpoint, who)


POSTS = {
    "accept": lambda w: f"/api/v1/review/items/{w['item'].pk}/accept/",
    "reject": lambda w: f"/api/v1/review/items/{w['item'].pk}/reject/",
    "decide": lambda w: f"/api/v1/counter-notices/{w['notice'].pk}/decide/",
    "answer_accept": lambda w: f"/api/v1/counter-notices/{w['notice'].pk}/accept/",
    "counter_notice": lambda w: f"/api/v1/seller/items/{w['other_item'].pk}/counter-notice/",
    "claim_next": lambda w: "/api/v1/review/queues/complaints/claim-next/",
}
# Who may never reach each action (they get 401/403/404 and nothing changes).
REFUSED = {
    "accept": ["anonymous", "outsider", "complainant", "other_seller", "seller"],
    "reject": ["anonymous", "outsider", "complainant", "other_seller", "seller"],
    "decide": ["anonymous", "outsider", "complainant", "other_seller", "seller"],
    "answer_accept": ["anonymous", "outsider", "other_seller", "seller", "reviewer"],
    "counter_notice": ["anonymous", "outsider", "complainant", "seller", "reviewer"],
    "claim_next": ["anonymous", "outsider", "complainant", "other_seller", "seller"],
}


@pytest.mark.django_db
@pytest.mark.parametrize("action", sorted(REFUSED))
def test_api_actions_refused_to_the_wrong_party(request, world, action):
    body = {
        "reason": "other",
        "note": "x",
        "decision": "accept",
        "grounds": "other",
        "statement": "x",
    }
    for who in REFUSED[action]:
        response = client_for(request, who).post(POSTS[action](world), body)
        assert response.status_code in (401, 403, 404), (action, who, response.status_code)
    world["notice"].refresh_from_db()
    world["other_item"].refresh_from_db()
    assert world["notice"].status == "maintained"
    assert world["other_item"].status == "accepted"
    assert not CounterNotice.objects.filter(item=world["other_item"]).exists()


@pytest.mark.django_db
def test_seller_sees_only_the_complainants_name_and_contact_email(request, world):
    client = client_for(request, "seller")
    page = client.get(reverse("reviews:seller_item", args=[world["item"].pk])).content.decode()
    assert "Acme Brands Ltd" in page and "ip@example.com" in page
    complaint_page = client.get(
        reverse("complaints:detail", args=[world["complaint"].pk])
    ).content.decode()
    for private in ("brand@example.com", "Secret Street", "555 0100"):
        assert private not in page and private not in complaint_page
    assert "690000000000" not in complaint_page  # another seller's listing
    assert "Jewelry" not in complaint_page  # its own rejected URL was never its business
    home = client.get(reverse("reviews:seller_home")).content.decode()
    assert "Other Shop" not in home
    api = client.get("/api/v1/seller/items/").json()["results"]
    assert {i["complainant"]["email"] for i in api} == {"ip@example.com"}
    assert all(i["complaint"] == world["complaint"].pk for i in api)


@pytest.mark.django_db
def test_complainant_sees_each_urls_decision_and_the_timeline(request, world):
    page = (
        client_for(request, "complainant")
        .get(reverse("complaints:detail", args=[world["complaint"].pk]))
        .content.decode()
    )
    assert "does not match the listing" in page and "Jewelry" in page
    assert "Counter-notice" in page
    assert "URL accepted" in page or "Url accepted" in page


@pytest.mark.django_db
def test_reviewer_decides_through_the_pages(client, reviewer, complaint):
    client.force_login(reviewer)
    a, b, c = items_of(complaint)
    page = client.get(reverse("reviews:complaint", args=[complaint.pk])).content.decode()
    assert "Apparel" in page and "25" in page  # listing category beside the Nice classes
    client.post(reverse("reviews:accept", args=[a.pk]), {"note": ""})
    response = client.post(reverse("reviews:reject", args=[b.pk]), {"reason": "other", "note": ""})
    assert response.status_code == 200 and "Explain the reason" in response.content.decode()
    client.post(reverse("reviews:reject", args=[b.pk]), {"reason": "not_infringement"})
    assert client.get(reverse("reviews:accept", args=[c.pk])).status_code == 405
    states = [i.status for i in items_of(complaint)]
    assert states == [ItemStatus.ACCEPTED, ItemStatus.REJECTED, ItemStatus.VALID]


@pytest.mark.django_db
def test_claim_next_claim_and_release_pages(client, reviewer, complaint):
    client.force_login(reviewer)
    response = client.post(reverse("reviews:claim_next", args=["complaints"]))
    assert response.url == reverse("reviews:complaint", args=[complaint.pk])
    assert claims.holder_of("complaints", complaint) == reviewer
    client.post(reverse("reviews:release", args=["complaints", complaint.pk]))
    assert claims.holder_of("complaints", complaint) is None
    client.post(reverse("reviews:claim", args=["complaints", complaint.pk]))
    page = client.get(reverse("reviews:queue", args=["complaints"])).content.decode()
    assert "reviewer@example.com" in page
    assert client.get(reverse("reviews:queue", args=["nope"])).status_code == 404


@pytest.mark.django_db
def test_seller_counter_notifies_with_evidence_through_the_page(
    client, seller, complaint, reviewer, complainant
):
    from tests import files

    item = items_of(complaint)[0]
    decisions.accept_item(item=item, actor=reviewer)
    client.force_login(seller)
    url = reverse("reviews:submit_counter_notice", args=[item.pk])
    bad = client.post(
        url,
        {
            "grounds": "other",
            "statement": "x",
            "evidence_1": files.upload("run.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"),
        },
    )
    assert bad.status_code == 200 and not CounterNotice.objects.exists()
    response = client.post(
        url,
        {"grounds": "authorized", "statement": "Licence attached.", "evidence_1": files.pdf()},
    )
    assert response.status_code == 302
    notice = CounterNotice.objects.get()
    assert notice.evidence.count() == 1
    client.force_login(complainant)
    doc = notice.evidence.get()
    assert client.get(reverse("document", args=[doc.pk])).status_code == 200


@pytest.mark.django_db
def test_api_flow_decide_counter_notify_maintain_and_decide(
    complaint, reviewer, seller, complainant
):
    from tests import files

    item = items_of(complaint)[0]
    api = Client()
    api.force_login(reviewer)
    assert api.post(f"/api/v1/review/items/{item.pk}/reject/", {"reason": "bad"}).status_code == 400
    assert api.post(f"/api/v1/review/items/{item.pk}/accept/").json()["status"] == "accepted"
    assert api.post(f"/api/v1/review/items/{item.pk}/accept/").status_code == 409
    api.force_login(seller)
    response = api.post(
        f"/api/v1/seller/items/{item.pk}/counter-notice/",
        {"grounds": "own_right", "statement": "Mine.", "evidence": [files.pdf()]},
    )
    assert response.status_code == 201, response.content
    notice_id = response.json()["id"]
    api.force_login(complainant)
    response = api.post(f"/api/v1/counter-notices/{notice_id}/maintain/", {"statement": "Fake."})
    assert response.json()["status"] == "maintained"
    api.force_login(reviewer)
    queue = api.get("/api/v1/review/queues/counter_notices/").json()
    assert [row["id"] for row in queue] == [notice_id]
    response = api.post(
        f"/api/v1/counter-notices/{notice_id}/decide/",
        {"decision": "reject", "note": "Test purchase."},
        content_type="application/json",
    )
    assert response.json()["status"] == "rejected"
    api.force_login(seller)
    points = api.get("/api/v1/seller/points/").json()
    assert points["standing"][0]["total"] == 6 and points["ledger"][0]["points"] == 6


@pytest.mark.django_db
def test_openapi_schema_lists_the_review_actions(client):
    schema = client.get("/api/schema/").content.decode()
    for path in (
        "/api/v1/review/queues/{name}/claim-next/",
        "/api/v1/review/items/{id}/accept/",
        "/api/v1/seller/items/{id}/counter-notice/",
        "/api/v1/counter-notices/{id}/maintain/",
        "/api/v1/counter-notices/{id}/decide/",
        "/api/v1/seller/points/",
    ):
        assert path in schema, path


# --- query budgets -----------------------------------------------------------------------------
def _many_complaints(complainant, trademark, store, n, start):
    from complaints.models import Complaint, ComplaintStatus

    for i in range(n):
        file_validated(complainant, trademark, make_listings(store, 1, start + i))
    return Complaint.objects.filter(status=ComplaintStatus.SUBMITTED).count()


@pytest.mark.django_db
@pytest.mark.parametrize("n", [3, 30])
def test_queue_pages_run_in_bounded_queries(
    client, reviewer, complainant, trademark, store, n, django_assert_max_num_queries
):
    _many_complaints(complainant, trademark, store, n, 700_000_000_000)
    client.force_login(reviewer)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reviews:queue", args=["complaints"])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("reviews:workbench")).status_code == 200
    with django_assert_max_num_queries(10):
        assert client.get("/api/v1/review/queues/complaints/").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize("n", [2, 12])
def test_seller_pages_run_in_bounded_queries(
    client, reviewer, seller, complainant, trademark, store, n, django_assert_max_num_queries
):
    complaint = file_validated(complainant, trademark, make_listings(store, n, 710_000_000_000))
    for item in items_of(complaint):
        decisions.accept_item(item=item, actor=reviewer)
    client.force_login(seller)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("reviews:seller_home")).status_code == 200
    # the stores, one per store, their complaints, their windows, their counter-notices
    with django_assert_max_num_queries(14):
        assert client.get("/api/v1/seller/items/").status_code == 200
    client.force_login(reviewer)
    # the selection bar's choices (the complaint's sellers and categories) are two of them
    with django_assert_max_num_queries(16):
        assert client.get(reverse("reviews:complaint", args=[complaint.pk])).status_code == 200


@pytest.mark.django_db
def test_a_second_reviewer_cannot_claim_what_the_first_holds(client, reviewer, complaint):
    other = UserFactory(email="rev2@example.com", reviewer=True)
    claims.claim(queue_name="complaints", item=complaint, reviewer=other)
    client.force_login(reviewer)
    response = client.post(reverse("reviews:claim", args=["complaints", complaint.pk]), follow=True)
    assert "Another reviewer" in response.content.decode()


@pytest.mark.django_db
def test_seller_api_pages_by_cursor_and_refuses_a_damaged_one(client, world, seller, monkeypatch):
    from reviews import selectors

    monkeypatch.setattr(selectors, "SELLER_PAGE", 1)  # two accepted URLs: two pages
    client.force_login(seller)
    everything = []
    url = "/api/v1/seller/items/"
    while True:
        body = client.get(url).json()
        everything += [row["id"] for row in body["results"]]
        if not body["next"]:
            break
        url = f"/api/v1/seller/items/?after={body['next']}"
    rows, _last = selectors.seller_page(seller, size=1000)
    assert everything == [item.pk for item in rows]
    assert len(everything) == 2
    bad = client.get("/api/v1/seller/items/?after=garbage")
    assert bad.status_code == 400


@pytest.mark.django_db
def test_seller_home_rows_are_the_seller_pages_urls_in_order_with_the_rules_contact(
    world, seller, monkeypatch
):
    from complaints.visibility import complainant_contact
    from reviews import selectors

    rows, _more = selectors.seller_list_page(seller, size=100)
    items, _last = selectors.seller_page(seller, size=100)
    assert [row["pk"] for row in rows] == [item.pk for item in items]
    assert len(rows) == 2
    for row, item in zip(rows, items, strict=True):
        assert row["complainant"] == complainant_contact(item.complaint)
        assert row["status"] == item.status
    monkeypatch.setattr(selectors, "SELLER_PAGE", 1)
    first, after = selectors.seller_list_page(seller)
    _items, last = selectors.seller_page(seller)
    assert after == (last.decided_at, last.pk)
    second, end = selectors.seller_list_page(seller, after)
    assert [row["pk"] for row in first + second] == [item.pk for item in items]
    assert end is None
