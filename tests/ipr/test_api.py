"""API: the permission matrix for every endpoint, multipart uploads, actions, the schema."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from ipr.models import IPR
from tests import files

from .conftest import doc

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def actors(rights_owner, outsider, reviewer, seller):
    return {
        "anonymous": None,
        "outsider": outsider,
        "owner": rights_owner,
        "reviewer": reviewer,
        "seller": seller,
    }


@pytest.fixture
def iprs(make_ipr, rights_owner):
    return {
        "draft": make_ipr(owner=rights_owner, draft=True),
        "pending": make_ipr(owner=rights_owner),
        "failed": make_ipr(owner=rights_owner, failed=True),
        "authenticated": make_ipr(owner=rights_owner, authenticated=True),
        "withdrawn": make_ipr(owner=rights_owner, withdrawn=True),
    }


def as_user(api, user):
    api.force_authenticate(user=None)
    api.logout()
    if user:
        api.force_authenticate(user=user)
    return api


# (method, url name, ipr, {actor: status}). Anonymous is always 401.
MATRIX = [
    ("get", "api-iprs", None, {"outsider": 200, "owner": 200, "reviewer": 403, "seller": 403}),
    ("get", "api-ipr", "pending", {"outsider": 404, "owner": 200, "reviewer": 200, "seller": 404}),
    ("patch", "api-ipr", "failed", {"outsider": 404, "owner": 200, "reviewer": 404, "seller": 404}),
    (
        "post",
        "api-ipr-submit",
        "draft",
        {"outsider": 404, "owner": 200, "reviewer": 404, "seller": 404},
    ),
    (
        "post",
        "api-ipr-resubmit",
        "failed",
        {"outsider": 404, "owner": 200, "reviewer": 404, "seller": 404},
    ),
    (
        "post",
        "api-ipr-renew",
        "withdrawn",
        {"outsider": 404, "owner": 201, "reviewer": 404, "seller": 404},
    ),
    (
        "get",
        "api-ipr-letter",
        "pending",
        {"outsider": 404, "owner": 200, "reviewer": 404, "seller": 404},
    ),
    ("get", "api-ipr-queue", None, {"outsider": 403, "owner": 403, "reviewer": 200, "seller": 403}),
    (
        "post",
        "api-ipr-approve",
        "pending",
        {"outsider": 403, "owner": 403, "reviewer": 200, "seller": 403},
    ),
    (
        "post",
        "api-ipr-reject",
        "pending",
        {"outsider": 403, "owner": 403, "reviewer": 200, "seller": 403},
    ),
    (
        "post",
        "api-ipr-invalid",
        "authenticated",
        {"outsider": 403, "owner": 403, "reviewer": 200, "seller": 403},
    ),
]
BODIES = {
    "api-ipr-reject": {"code": "illegible", "text": "blurred"},
    "api-ipr-invalid": {"text": "Invalidated"},
    "api-ipr": {"number": "TM-EDITED"},
}


@pytest.mark.parametrize(
    "method, name, which, expected", MATRIX, ids=[f"{m[0]}-{m[1]}" for m in MATRIX]
)
def test_api_permission_matrix(api, actors, iprs, method, name, which, expected):
    url = reverse(name, args=[iprs[which].pk]) if which else reverse(name)
    # strangers first, so the owner's or reviewer's legal move happens last
    order = ["anonymous", "outsider", "seller", "reviewer", "owner"]
    if expected.get("reviewer") in (200, 201):
        order = ["anonymous", "outsider", "seller", "owner", "reviewer"]
    for who in order:
        response = getattr(as_user(api, actors[who]), method)(
            url, BODIES.get(name, {}), format="multipart" if method == "patch" else None
        )
        want = 401 if who == "anonymous" else expected[who]
        assert response.status_code == want, f"{who} {method} {url}: {response.content[:300]}"


def test_create_trademark_multipart_then_submit(api, rights_owner):
    as_user(api, rights_owner)
    response = api.post(
        reverse("api-iprs"),
        {
            "kind": "trademark",
            "right_owner_name": "Acme Brands Ltd",
            "mark_word": "ACME",
            "nice_classes": [25, 9],
            "goods_services": "Clothing",
            "jurisdiction": "China",
            "number": "TM-9",
            "registered_on": "2021-01-01",
            "expires_on": "2031-01-01",
            "certificate": files.pdf(),
            "logo": files.png(name="logo.png"),
            "title": "ignored for a trademark",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["nice_classes"] == [9, 25] and body["title"] == ""
    assert {d["role"] for d in body["documents"]} == {"Registration certificate", "Logo"}
    submitted = api.post(reverse("api-ipr-submit", args=[body["id"]]))
    assert submitted.status_code == 200 and submitted.json()["status"] == "pending"


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"nice_classes": [0]}, "nice_classes"),
        ({"nice_classes": [46]}, "nice_classes"),
        ({"document_type": "filing_receipt"}, "document_type"),
        ({"expires_on": "2019-01-01"}, "expires_on"),
        ({"certificate": files.upload("evil.pdf", b"MZ\x90 not a pdf")}, "certificate"),
        ({"right_owner_name": "x" * 300}, "right_owner_name"),
        ({"registered_on": "not-a-date"}, "registered_on"),
    ],
)
def test_create_refuses_bad_input_with_400(api, rights_owner, overrides, field):
    as_user(api, rights_owner)
    data = {
        "kind": "trademark",
        "right_owner_name": "Acme Brands Ltd",
        "mark_word": "ACME",
        "nice_classes": [25],
        "goods_services": "Clothing",
        "jurisdiction": "China",
        "number": "TM-9",
        "registered_on": "2021-01-01",
        "expires_on": "2031-01-01",
        "certificate": files.pdf(),
    }
    data.update(overrides)
    response = api.post(reverse("api-iprs"), data, format="multipart")
    assert response.status_code == 400, response.json()
    body = response.json()
    assert body.get("field") == field or field in body, body
    assert not IPR.objects.exists()


def test_nul_byte_is_refused_at_the_edge(api, rights_owner):
    as_user(api, rights_owner)
    response = api.post(
        reverse("api-iprs"), {"kind": "trademark", "right_owner_name": "A\x00B"}, format="multipart"
    )
    assert response.status_code == 400 and response.json()["code"] == "nul_byte"


def test_conflicting_move_is_409(api, rights_owner, reviewer, make_ipr):
    ipr = make_ipr(owner=rights_owner, authenticated=True)
    as_user(api, reviewer)
    response = api.post(reverse("api-ipr-approve", args=[ipr.pk]), {})
    assert response.status_code == 409 and response.json()["code"] == "conflict"
    as_user(api, rights_owner)
    assert api.post(reverse("api-ipr-submit", args=[ipr.pk])).status_code == 409


def test_agent_uploads_letter_through_the_api(api, agent):
    as_user(api, agent)
    created = api.post(
        reverse("api-iprs"),
        {
            "kind": "copyright",
            "right_owner_name": "Acme Brands Ltd",
            "work_title": "Panda",
            "work_type": "artwork",
            "is_registered": "false",
            "document_type": "ownership_statement",
            "ownership_statement": files.pdf(),
            "authorship_proof": files.png(),
        },
        format="multipart",
    ).json()
    assert created["needs_authorization_letter"] is True
    letter = api.get(reverse("api-ipr-letter", args=[created["id"]]))
    assert letter["Content-Type"] == "application/pdf"
    refused = api.post(reverse("api-ipr-submit", args=[created["id"]]))
    assert refused.status_code == 400 and refused.json()["field"] == "authorization_letter"
    uploaded = api.post(
        reverse("api-ipr-letter", args=[created["id"]]),
        {
            "authorization_letter": files.pdf(),
            "letter_starts_on": "2026-01-01",
            "letter_ends_on": "2026-12-31",
        },
        format="multipart",
    )
    assert uploaded.status_code == 200, uploaded.json()
    assert api.post(reverse("api-ipr-submit", args=[created["id"]])).json()["status"] == "pending"


def test_reject_then_resubmit_and_queue_order(api, rights_owner, reviewer, make_ipr):
    import datetime

    from django.utils import timezone

    old = make_ipr(owner=rights_owner, submitted_at=timezone.now() - datetime.timedelta(days=4))
    new = make_ipr(owner=rights_owner)
    as_user(api, reviewer)
    queue = api.get(reverse("api-ipr-queue")).json()["results"]
    assert [row["id"] for row in queue] == [old.pk, new.pk]
    rejected = api.post(reverse("api-ipr-reject", args=[old.pk]), {"code": "other"})
    assert rejected.status_code == 400
    rejected = api.post(
        reverse("api-ipr-reject", args=[old.pk]),
        {"code": "owner_name_mismatch", "text": "Certificate says Acme GmbH"},
    )
    assert rejected.json()["status"] == "failed" and "Acme GmbH" in rejected.json()["reason"]
    as_user(api, rights_owner)
    api.patch(
        reverse("api-ipr", args=[old.pk]),
        {"certificate": files.pdf(name="new.pdf")},
        format="multipart",
    )
    assert api.post(reverse("api-ipr-resubmit", args=[old.pk])).json()["version"] == 2


def test_list_filters_and_own_rows_only(api, rights_owner, outsider, make_ipr):
    make_ipr(owner=rights_owner, failed=True)
    make_ipr(owner=rights_owner)
    make_ipr(owner=outsider)
    as_user(api, rights_owner)
    rows = api.get(reverse("api-iprs") + "?status=failed").json()["results"]
    assert [r["status"] for r in rows] == ["failed"]
    assert len(api.get(reverse("api-iprs")).json()["results"]) == 2


def test_every_endpoint_is_in_the_openapi_schema(api, reviewer):
    as_user(api, reviewer)
    response = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    paths = (
        response.json()["paths"]
        if response["Content-Type"].startswith("application/json")
        else None
    )
    if paths is None:
        import yaml

        paths = yaml.safe_load(response.content)["paths"]
    for path in [
        "/api/v1/iprs/",
        "/api/v1/iprs/{id}/",
        "/api/v1/iprs/{id}/submit/",
        "/api/v1/iprs/{id}/resubmit/",
        "/api/v1/iprs/{id}/renew/",
        "/api/v1/iprs/{id}/authorization-letter/",
        "/api/v1/iprs/{id}/approve/",
        "/api/v1/iprs/{id}/reject/",
        "/api/v1/iprs/{id}/mark-invalid/",
        "/api/v1/ipr-queue/",
    ]:
        assert path in paths, path
    assert "multipart/form-data" in paths["/api/v1/iprs/"]["post"]["requestBody"]["content"]


def test_documents_of_an_ipr_are_served_to_reviewer_not_to_seller(
    client, reviewer, seller, rights_owner
):
    d = doc(rights_owner)
    client.force_login(seller)
    assert client.get(f"/documents/{d.pk}/").status_code == 404
    client.force_login(reviewer)
    assert client.get(f"/documents/{d.pk}/").status_code == 200
