"""The seller's later counter-notice chances through the API and the pages: submitting rounds 2
and 3, the refusals with their reasons, and one timeline of every round for each party (the
permission matrix: seller, seller of another store, complainant, reviewer, outsider, anonymous)."""

import pytest
from django.urls import reverse

from reviews.models import CounterNotice
from reviews.services import counter_notices as cn
from reviews.services import decisions

from .conftest import items_of
from .test_services import cn_input
from .test_views import client_for

ACTORS = ["anonymous", "outsider", "complainant", "other_seller", "seller", "reviewer"]


def _reject(notice, complainant, reviewer):
    cn.maintain_complaint(counter_notice=notice, actor=complainant, statement="No.", evidence=[])
    cn.decide_counter_notice(counter_notice=notice, actor=reviewer, accept=False, note="Fake.")


@pytest.fixture
def second_chance(complaint, reviewer, seller, complainant, other_store, outsider):
    """URL 1 taken down, its first counter-notice rejected by the platform: chance 2 is open."""
    item = items_of(complaint)[0]
    decisions.accept_item(item=item, actor=reviewer)
    first = cn.submit_counter_notice(
        item=item, actor=seller, data=cn_input(statement="First answer.")
    )
    _reject(first, complainant, reviewer)
    item.refresh_from_db()
    return {"complaint": complaint, "item": item, "first": first}


def _post(client, item, statement="New evidence: the distributor's invoice."):
    from tests import files

    return client.post(
        f"/api/v1/seller/items/{item.pk}/counter-notice/",
        {"grounds": "genuine_goods", "statement": statement, "evidence": [files.pdf()]},
    )


@pytest.mark.django_db
def test_seller_sends_the_second_and_third_chance_through_the_api(
    request, second_chance, complainant, reviewer
):
    item = second_chance["item"]
    api = client_for(request, "seller")
    before = api.get(f"/api/v1/seller/items/{item.pk}/").json()
    assert before["status"] == "upheld"
    assert before["chances"]["total"] == 3 and before["chances"]["open_round"] == 2
    assert before["chances"]["remaining"] == 1 and before["chances"]["due_at"]
    response = _post(api, item)
    assert response.status_code == 201, response.content
    assert response.json()["round"] == 2
    again = _post(api, item)
    assert again.status_code == 409
    assert again.json()["code"] == "window_closed"
    assert "still being answered" in again.json()["detail"]
    _reject(CounterNotice.objects.get(item=item, round=2), complainant, reviewer)
    third = _post(api, item, statement="A court ruling.")
    assert third.status_code == 201 and third.json()["round"] == 3
    _reject(CounterNotice.objects.get(item=item, round=3), complainant, reviewer)
    fourth = _post(api, item)
    assert fourth.status_code == 409
    assert fourth.json()["detail"].startswith("Your last chance (chance 3 of 3) ended on")
    body = api.get(f"/api/v1/seller/items/{item.pk}/").json()
    assert [(r["round"], r["status"]) for r in body["counter_notices"]] == [
        (1, "rejected"),
        (2, "rejected"),
        (3, "rejected"),
    ]
    assert [r["statement"] for r in body["counter_notices"]][0] == "First answer."
    assert body["counter_notice"]["round"] == 3
    assert body["chances"] == {
        "total": 3,
        "used": 3,
        "open_round": None,
        "remaining": 0,
        "due_at": None,
    }


@pytest.mark.django_db
def test_only_the_listings_seller_may_send_a_later_chance(request, second_chance):
    item = second_chance["item"]
    for who in ["anonymous", "outsider", "complainant", "other_seller", "reviewer"]:
        response = _post(client_for(request, who), item)
        assert response.status_code in (401, 403, 404), (who, response.status_code)
    assert not CounterNotice.objects.filter(item=item, round=2).exists()


TIMELINE = {"seller": 200, "complainant": 200, "reviewer": 200, "anonymous": 401}


@pytest.mark.django_db
def test_every_round_is_on_the_complaint_timeline_for_each_party(request, second_chance):
    item = second_chance["item"]
    _post(client_for(request, "seller"), item)
    url = f"/api/v1/complaints/{second_chance['complaint'].pk}/timeline/"
    for who in ACTORS:
        response = client_for(request, who).get(url)
        assert response.status_code == TIMELINE.get(who, 404), (who, response.status_code)
        if response.status_code != 200:
            continue
        rows = response.json()
        submitted = [r["reason"] for r in rows if r["action"] == "counter_notice.submitted"]
        assert [s.split(":")[0] for s in submitted] == ["chance 1 of 3", "chance 2 of 3"], who
        assert any(
            r["action"] == "deadline.opened" and "chance 2 of 3" in r["reason"] for r in rows
        ), who
        assert any(r["action"] == "counter_notice.rejected" for r in rows), who


@pytest.mark.django_db
def test_complaint_items_api_lists_every_round(request, second_chance):
    item = second_chance["item"]
    _post(client_for(request, "seller"), item)
    url = f"/api/v1/complaints/{second_chance['complaint'].pk}/items/"
    for who in ("complainant", "reviewer", "seller"):
        rows = client_for(request, who).get(url).json()
        rows = rows["results"] if isinstance(rows, dict) else rows
        row = next(r for r in rows if r["id"] == item.pk)
        assert [n["round"] for n in row["counter_notices"]] == [1, 2], who
        assert row["counter_notice"]["round"] == 2


@pytest.mark.django_db
def test_seller_page_says_which_chance_and_keeps_input_when_refused(
    request, second_chance, complainant, reviewer
):
    item = second_chance["item"]
    client = client_for(request, "seller")
    page = client.get(reverse("reviews:seller_item", args=[item.pk])).content.decode()
    window = item.deadlines.get(kind="seller_counter_notice", status="open")
    assert f"Chance 2 of 3, due {window.due_at:%-d %b %Y}" in page
    assert "1 further chance after this one" in page
    assert 'data-round="1"' in page and 'id="counter-notice-form"' in page
    # a second submission in the same chance: refused with the reason, what was typed kept
    cn.submit_counter_notice(item=item, actor=item.seller.account, data=cn_input())
    response = client.post(
        reverse("reviews:submit_counter_notice", args=[item.pk]),
        {"grounds": "genuine_goods", "statement": "Typed by the seller."},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "still being answered" in body
    assert "Typed by the seller." in body
    for who, seen in (("complainant", 200), ("reviewer", 200), ("other_seller", 404)):
        notice = CounterNotice.objects.get(item=item, round=2)
        page = client_for(request, who).get(reverse("reviews:counter_notice", args=[notice.pk]))
        assert page.status_code == seen, who
        if seen == 200:
            assert "Chance 2 of 3" in page.content.decode()


def _counted(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_pages_with_rounds_run_in_queries_that_do_not_grow_with_rows(
    client, reviewer, seller, complainant, trademark, store
):
    """Each URL with two counter-notice rounds: the seller's list, the seller's items API, the
    complaint page and its items API cost the same with 2 URLs as with 8."""
    from .conftest import file_validated, make_listings

    counts = []
    for n, start in ((2, 720_000_000_000), (8, 730_000_000_000)):
        complaint = file_validated(complainant, trademark, make_listings(store, n, start))
        for item in items_of(complaint):
            decisions.accept_item(item=item, actor=reviewer)
            first = cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
            _reject(first, complainant, reviewer)
            cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
        urls = {
            seller: [reverse("reviews:seller_home"), "/api/v1/seller/items/"],
            complainant: [
                reverse("complaints:detail", args=[complaint.pk]),
                f"/api/v1/complaints/{complaint.pk}/items/",
            ],
        }
        row = []
        for user, pages in urls.items():
            client.force_login(user)
            row += [_counted(client, url) for url in pages]
        counts.append(row)
    small, big = counts
    # the second complaint adds its seller's earlier rows, never a query per row
    assert big == small, counts
    assert max(big) <= 16, counts
