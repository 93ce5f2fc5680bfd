"""Who may see, withdraw and decide an appeal, on the pages and the API: anonymous, an outsider,
the appellant (the seller appealing its final takedown), the other party (the complainant), the
reviewer who took the first decision and a second reviewer."""

import pytest
from django.test import Client
from django.urls import reverse

from appeals.models import AppealKind, AppealStatus

from .test_services import file

PARTIES = ["anonymous", "outsider", "appellant", "other_party", "first_decider", "second"]
STATEMENT = "My invoices prove the goods are genuine."

# GET the appeal page: 302 to sign in / 404 unknown / 200 / 302 (reviewers: to the review page).
DETAIL_PAGE = {
    "anonymous": 302,
    "outsider": 404,
    "appellant": 200,
    "other_party": 200,
    "first_decider": 302,
    "second": 302,
}
REVIEW_PAGE = {**DETAIL_PAGE, "appellant": 403, "other_party": 403, "first_decider": 200}
REVIEW_PAGE["second"] = 200
DECIDE_PAGE = {**REVIEW_PAGE, "first_decider": 403, "second": 302}
API_DETAIL = {
    "anonymous": 401,
    "outsider": 404,
    "appellant": 200,
    "other_party": 200,
    "first_decider": 200,
    "second": 200,
}
API_DECIDE = {**API_DETAIL, "appellant": 403, "other_party": 403, "first_decider": 403}
API_WITHDRAW = {**API_DETAIL, "other_party": 403, "first_decider": 403, "second": 403}


@pytest.fixture
def appeal(upheld_item, seller):
    return file(seller, AppealKind.TAKEDOWN, upheld_item, statement=STATEMENT)


@pytest.fixture
def actors(seller, complainant, reviewer, second_reviewer, outsider):
    return {
        "outsider": outsider,
        "appellant": seller,
        "other_party": complainant,
        "first_decider": reviewer,
        "second": second_reviewer,
    }


def client_for(actors, party) -> Client:
    client = Client()
    if party != "anonymous":
        client.force_login(actors[party])
    return client


DECISION = {"decision": "dismiss", "reason": "decision_correct", "answer": "The invoices are fake."}


@pytest.mark.django_db
@pytest.mark.parametrize("party", PARTIES)
def test_the_pages(appeal, actors, party):
    client = client_for(actors, party)
    detail = client.get(reverse("appeals:detail", args=[appeal.pk]))
    assert detail.status_code == DETAIL_PAGE[party]
    if detail.status_code == 200:
        body = detail.content.decode()
        assert (STATEMENT in body) == (party == "appellant")
    review = client.get(reverse("appeals:review", args=[appeal.pk]))
    assert review.status_code == REVIEW_PAGE[party]
    if review.status_code == 200:
        body = review.content.decode()
        assert STATEMENT in body and "reviewer@example.com" in body
        assert ('id="decide-form"' in body) == (party == "second")
        assert ('id="own-decision"' in body) == (party == "first_decider")
    decide = client.post(reverse("appeals:decide", args=[appeal.pk]), DECISION)
    assert decide.status_code == DECIDE_PAGE[party]
    appeal.refresh_from_db()
    decided = AppealStatus.DISMISSED if party == "second" else AppealStatus.SUBMITTED
    assert appeal.status == decided


@pytest.mark.django_db
@pytest.mark.parametrize("party", PARTIES)
def test_the_api(appeal, actors, party):
    client = client_for(actors, party)
    detail = client.get(f"/api/v1/appeals/{appeal.pk}/")
    assert detail.status_code == API_DETAIL[party]
    if detail.status_code == 200:
        data = detail.json()
        assert data["statement"] == (None if party == "other_party" else STATEMENT)
        is_reviewer = party in ("first_decider", "second")
        assert data["first_decider"] == ("reviewer@example.com" if is_reviewer else None)
        if party == "other_party":
            assert data["appellant"] == {"name": "Bargain Shoes", "email": ""}
    decide = client.post(f"/api/v1/appeals/{appeal.pk}/decide/", DECISION, "application/json")
    assert decide.status_code == API_DECIDE[party]
    if decide.status_code == 200:
        assert decide.json()["status"] == "dismissed"
        assert decide.json()["answer"] == DECISION["answer"]


@pytest.mark.django_db
@pytest.mark.parametrize("party", PARTIES)
def test_withdrawing(appeal, actors, party):
    client = client_for(actors, party)
    response = client.post(f"/api/v1/appeals/{appeal.pk}/withdraw/")
    assert response.status_code == API_WITHDRAW[party]
    appeal.refresh_from_db()
    withdrawn = AppealStatus.WITHDRAWN if party == "appellant" else AppealStatus.SUBMITTED
    assert appeal.status == withdrawn


@pytest.mark.django_db
@pytest.mark.parametrize("party", PARTIES)
def test_filing(upheld_item, actors, party):
    client = client_for(actors, party)
    body = {"kind": "takedown", "subject_id": upheld_item.pk, "statement": STATEMENT}
    response = client.post("/api/v1/appeals/", body, "application/json")
    expected = {"anonymous": 401, "appellant": 201, "first_decider": 404, "second": 404}
    # Only the seller may know the final takedown as its own: everyone else 404 (reviewers
    # included: the seller selector answers for sellers only).
    assert response.status_code == expected.get(party, 404)
    page = client.get(reverse("appeals:new", args=["takedown", upheld_item.pk]))
    assert page.status_code == {"anonymous": 302, "appellant": 200}.get(
        party, 404 if party != "appellant" else 200
    )


@pytest.mark.django_db
def test_api_errors_are_specific(rejected_item, complainant, reviewer, frozen):
    from .conftest import DAY, MONDAY

    body = {"kind": "rejected_url", "subject_id": rejected_item.pk, "statement": STATEMENT}
    frozen.move_to(MONDAY + 200 * DAY)
    client = Client()
    client.force_login(complainant)
    late = client.post("/api/v1/appeals/", body, "application/json")
    assert late.status_code == 400 and late.json()["code"] == "appeal_window_closed"
    frozen.move_to(MONDAY + DAY)
    client.force_login(complainant)
    assert client.post("/api/v1/appeals/", body, "application/json").status_code == 201
    again = client.post("/api/v1/appeals/", body, "application/json")
    assert again.status_code == 409 and again.json()["code"] == "already_appealed"
    client.force_login(reviewer)
    refused = client.post("/api/v1/appeals/", body, "application/json")
    assert refused.status_code == 403
    assert "Only the complainant" in refused.json()["detail"]


@pytest.mark.django_db
def test_the_page_files_an_appeal_with_evidence(rejected_item, complainant):
    from tests import files

    client = Client()
    client.force_login(complainant)
    detail = client.get(reverse("complaints:detail", args=[rejected_item.complaint_id]))
    url = reverse("appeals:new", args=["rejected_url", rejected_item.pk])
    assert url in detail.content.decode()
    response = client.post(url, {"statement": STATEMENT, "evidence_1": files.pdf()})
    assert response.status_code == 302
    appeal = complainant.appeals.get()
    assert appeal.evidence.count() == 1
    again = client.get(url)
    assert 'id="already-appealed"' in again.content.decode()
