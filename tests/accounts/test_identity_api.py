from datetime import date, timedelta

import pytest
from rest_framework.test import APIClient

from accounts.models import IdentityStatus
from tests import files
from tests.accounts.test_identity_services import submit
from tests.accounts.test_sole_account import approved

EXPIRY = (date.today() + timedelta(days=700)).isoformat()


@pytest.fixture
def api():
    return APIClient()


def payload(**overrides):
    data = {
        "complainant_name": "Jane Q. Example",
        "document_type": "passport",
        "document_expires_on": EXPIRY,
        "document": files.pdf(),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_status_explains_why_the_account_cannot_file(api, rights_owner):
    api.force_authenticate(rights_owner)
    body = api.get("/api/v1/identity/").json()
    assert body["can_file"] is False and "not been verified" in body["filing_block_reason"]


@pytest.mark.django_db
def test_submit_identity_multipart_then_reviewer_rejects_and_approves(api, rights_owner, reviewer):
    api.force_authenticate(rights_owner)
    response = api.post("/api/v1/identity/submissions/", payload(), format="multipart")
    assert response.status_code == 201, response.json()
    first = response.json()
    assert first["status"] == "submitted" and first["document"]["url"].startswith("/documents/")
    api.force_authenticate(reviewer)
    queue = api.get("/api/v1/review/identity/").json()
    assert [s["id"] for s in queue] == [first["id"]]
    assert (
        api.post(f"/api/v1/review/identity/{first['id']}/start/").json()["status"] == "under_review"
    )
    bad = api.post(
        f"/api/v1/review/identity/{first['id']}/reject/", {"reason": "nope"}, format="json"
    )
    assert bad.status_code == 400 and "reason" in bad.json()
    rejected = api.post(
        f"/api/v1/review/identity/{first['id']}/reject/",
        {"reason": "illegible", "note": "Blurred."},
        format="json",
    ).json()
    assert rejected["status"] == "rejected" and rejected["rejection_note"] == "Blurred."
    again = api.post(f"/api/v1/review/identity/{first['id']}/approve/")
    assert again.status_code == 409 and again.json()["code"] == "conflict"
    api.force_authenticate(rights_owner)
    second = api.post("/api/v1/identity/submissions/", payload(), format="multipart").json()
    api.force_authenticate(reviewer)
    assert (
        api.post(f"/api/v1/review/identity/{second['id']}/approve/").json()["status"] == "approved"
    )
    rights_owner.refresh_from_db()
    assert rights_owner.identity_status == IdentityStatus.APPROVED
    timeline = api.get(f"/api/v1/identity/submissions/{second['id']}/timeline/").json()
    assert [e["action"] for e in timeline] == ["identity.submitted", "identity.approved"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"document": files.upload("a.gif", b"GIF89a....")}, "document"),
        ({"document_expires_on": "2001-01-01"}, "document_expires_on"),
        ({"document_expires_on": "not a date"}, "document_expires_on"),
        ({"complainant_name": ""}, "complainant_name"),
        ({"complainant_name": "x" * 5000}, "complainant_name"),
        ({"document_type": "selfie"}, "document_type"),
        ({"document_language": "other"}, "translation"),
    ],
)
def test_bad_submission_is_400_naming_the_field(api, rights_owner, overrides, field):
    api.force_authenticate(rights_owner)
    response = api.post("/api/v1/identity/submissions/", payload(**overrides), format="multipart")
    assert response.status_code == 400
    body = response.json()
    assert field in body or body.get("field") == field, body


@pytest.mark.django_db
def test_nul_byte_in_a_field_is_refused_at_the_edge(api, rights_owner):
    api.force_authenticate(rights_owner)
    response = api.post(
        "/api/v1/identity/submissions/", payload(complainant_name="Jane\x00Doe"), format="multipart"
    )
    assert response.status_code == 400 and response.json()["code"] == "nul_byte"


@pytest.mark.django_db
def test_identity_api_permission_matrix(api, rights_owner, outsider, seller, reviewer):
    submission = submit(rights_owner)
    own = f"/api/v1/identity/submissions/{submission.pk}/"
    reviewer_only = ["/api/v1/review/identity/", "/api/v1/review/sole-accounts/"]
    assert api.get(own).status_code in (401, 403)
    assert api.get("/api/v1/identity/").status_code in (401, 403)
    api.force_authenticate(outsider)
    assert api.get(own).status_code == 404
    assert all(api.get(u).status_code == 403 for u in reviewer_only)
    assert api.post(f"/api/v1/review/identity/{submission.pk}/approve/").status_code == 403
    api.force_authenticate(seller)
    assert api.get("/api/v1/identity/").status_code == 403
    assert api.get(own).status_code == 404
    api.force_authenticate(rights_owner)
    assert api.get(own).status_code == 200
    assert api.post(f"/api/v1/review/identity/{submission.pk}/approve/").status_code == 403
    api.force_authenticate(reviewer)
    assert api.get(own).status_code == 200
    assert all(api.get(u).status_code == 200 for u in reviewer_only)


@pytest.mark.django_db
def test_sole_account_flow_through_the_api(api, reviewer):
    a = approved("a@example.com", reviewer=reviewer)
    b = approved("b@example.com", reviewer=reviewer)
    api.force_authenticate(a)
    state = api.get("/api/v1/identity/sole-account/").json()
    assert state["needed"] is True and state["other_accounts"] == 1
    statement = api.get("/api/v1/identity/sole-account/statement.pdf")
    assert statement.status_code == 200 and statement.content.startswith(b"%PDF")
    created = api.post(
        "/api/v1/identity/sole-account/",
        {
            "identity_document": files.png(),
            "statement": files.pdf(),
        },
        format="multipart",
    )
    assert created.status_code == 201
    api.force_authenticate(reviewer)
    approved_ = api.post(f"/api/v1/review/sole-accounts/{created.json()['id']}/approve/").json()
    assert approved_["status"] == "approved"
    api.force_authenticate(b)
    state = api.get("/api/v1/identity/sole-account/").json()
    assert state["barred"] is True
    assert api.get("/api/v1/identity/").json()["can_file"] is False


@pytest.mark.django_db
def test_contact_details_via_api_and_critical_fields_are_read_only(api, rights_owner):
    api.force_authenticate(rights_owner)
    response = api.patch(
        "/api/v1/me/",
        {"phone": "+1 555 0100", "complainant_name": "Evil", "identity_status": "approved"},
        format="json",
    )
    assert response.status_code == 200
    rights_owner.refresh_from_db()
    assert rights_owner.phone == "+1 555 0100"
    assert rights_owner.identity_status == "not_submitted" and rights_owner.complainant_name == ""
    assert api.patch("/api/v1/me/", {"phone": "<script>"}, format="json").status_code == 400


@pytest.mark.django_db
def test_schema_documents_identity_endpoints(api):
    schema = api.get("/api/schema/?format=json").json()
    for path in [
        "/api/v1/identity/submissions/",
        "/api/v1/review/identity/{id}/approve/",
        "/api/v1/identity/sole-account/",
    ]:
        assert path in schema["paths"], path
