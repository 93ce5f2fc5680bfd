from datetime import date, timedelta

import pytest

from accounts.models import IdentityStatus, IdentitySubmission
from core.models import AuditEvent, Document
from tests import files
from tests.accounts.test_identity_services import submit

EXPIRY = (date.today() + timedelta(days=700)).isoformat()


def form_data(**overrides):
    data = {
        "complainant_name": "Jane Q. Example",
        "document_type": "passport",
        "document_expires_on": EXPIRY,
        "document_language": "en",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_owner_submits_identity_through_the_page(client, rights_owner):
    client.force_login(rights_owner)
    page = client.get("/account/identity/")
    assert "must match your documents exactly" in page.content.decode()
    response = client.post("/account/identity/", {**form_data(), "document": files.png()})
    assert response.status_code == 302
    rights_owner.refresh_from_db()
    assert rights_owner.identity_status == IdentityStatus.SUBMITTED
    assert "Submitted" in client.get("/account/").content.decode()


@pytest.mark.django_db
def test_rejected_file_gets_a_specific_message_and_the_form_keeps_everything(client, rights_owner):
    client.force_login(rights_owner)
    bad = files.upload("passport.png", b"not an image at all", "image/png")
    response = client.post("/account/identity/", {**form_data(), "document": bad})
    body = response.content.decode()
    assert response.status_code == 200
    assert "this type of file is not accepted" in body
    assert 'value="Jane Q. Example"' in body and EXPIRY in body
    assert IdentitySubmission.objects.count() == 0


@pytest.mark.django_db
def test_a_valid_upload_is_kept_when_another_field_fails(client, rights_owner):
    client.force_login(rights_owner)
    response = client.post(
        "/account/identity/",
        {
            **form_data(document_expires_on=""),
            "document": files.png(name="my-passport.png"),
        },
    )
    body = response.content.decode()
    assert "Enter the document&#x27;s expiry date." in body
    assert "my-passport.png" in body
    kept = Document.objects.get(original_name="my-passport.png")
    response = client.post("/account/identity/", {**form_data(), "document__kept": str(kept.pk)})
    assert response.status_code == 302
    assert IdentitySubmission.objects.get().document == kept


@pytest.mark.django_db
def test_another_accounts_kept_document_id_is_ignored(client, rights_owner, outsider):
    other_doc = Document.objects.create(
        owner=outsider, original_name="x.png", content_type="image/png", size=1, sha256="0"
    )
    client.force_login(rights_owner)
    response = client.post(
        "/account/identity/", {**form_data(), "document__kept": str(other_doc.pk)}
    )
    assert response.status_code == 200
    assert IdentitySubmission.objects.count() == 0


@pytest.mark.django_db
def test_domain_error_is_shown_on_its_field(client, rights_owner):
    client.force_login(rights_owner)
    response = client.post(
        "/account/identity/",
        {
            **form_data(document_language="other"),
            "document": files.png(),
        },
    )
    assert "need a translation" in response.content.decode()


@pytest.mark.django_db
def test_reviewer_rejects_user_sees_reason_and_edits(client, rights_owner, reviewer):
    submission = submit(rights_owner)
    client.force_login(reviewer)
    review = client.get(f"/staff/identity/{submission.pk}/")
    assert (
        review.status_code == 200
        and f"/documents/{submission.document_id}/" in review.content.decode()
    )
    assert client.get(f"/staff/identity/{submission.pk}/reject/").status_code == 200
    response = client.post(
        f"/staff/identity/{submission.pk}/reject/",
        {"reason": "photo_not_visible", "note": "Photo is cut off."},
    )
    assert response.status_code == 302
    client.force_login(rights_owner)
    page = client.get("/account/identity/").content.decode()
    assert "Authentication failed" in page and "Photo is cut off." in page
    assert "Resubmit" in page and 'value="Jane Q. Example"' in page


@pytest.mark.django_db
def test_reviewer_approves_via_confirmation_page(client, rights_owner, reviewer):
    submission = submit(rights_owner)
    client.force_login(reviewer)
    assert (
        "Approve this identity?"
        in client.get(f"/staff/identity/{submission.pk}/approve/").content.decode()
    )
    client.post(f"/staff/identity/{submission.pk}/start/")
    client.post(f"/staff/identity/{submission.pk}/approve/")
    rights_owner.refresh_from_db()
    assert rights_owner.identity_status == IdentityStatus.APPROVED
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert "identity.review_started" in actions and "identity.approved" in actions


@pytest.mark.django_db
def test_identity_permission_matrix(client, rights_owner, outsider, seller, reviewer):
    submission = submit(rights_owner)
    own = f"/account/identity/{submission.pk}/"
    staff = [
        f"/staff/identity/{submission.pk}/",
        "/review/queue/identity/",  # the former /staff/identity/ (a redirect to it now)
        f"/staff/identity/{submission.pk}/approve/",
        f"/staff/identity/{submission.pk}/reject/",
    ]
    for url in [own, "/account/identity/", *staff]:
        assert client.get(url).status_code == 302, url  # anonymous: to Member login
    client.force_login(outsider)
    assert client.get(own).status_code == 404
    assert all(client.get(url).status_code == 403 for url in staff)
    client.force_login(seller)
    assert client.get("/account/identity/").status_code == 403
    assert client.get(own).status_code == 404
    client.force_login(rights_owner)
    assert client.get(own).status_code == 200
    assert all(client.get(url).status_code == 403 for url in staff)
    client.force_login(reviewer)
    assert client.get(own).status_code == 200
    assert all(client.get(url).status_code == 200 for url in staff)
    assert client.post(f"/staff/identity/{submission.pk}/start/").status_code == 302


@pytest.mark.django_db
def test_decision_handlers_refuse_get_side_effects_and_other_users(client, rights_owner, outsider):
    submission = submit(rights_owner)
    client.force_login(outsider)
    assert client.post(f"/staff/identity/{submission.pk}/approve/").status_code == 403
    assert client.get(f"/staff/identity/{submission.pk}/start/").status_code in (403, 405)
    submission.refresh_from_db()
    assert submission.status == "submitted"


@pytest.mark.django_db
def test_identity_queue_lists_oldest_first_in_bounded_queries(
    client, reviewer, django_assert_max_num_queries
):
    from tests.factories import UserFactory

    for i in range(12):
        submit(UserFactory(email=f"q{i}@example.com"), complainant_name=f"Owner {i}")
    client.force_login(reviewer)
    # The former identity queue page is retired: its address leads to the Workbench's queue.
    retired = client.get("/staff/identity/")
    assert retired.status_code == 301 and retired["Location"] == "/review/queue/identity/"
    with django_assert_max_num_queries(12):
        body = client.get(retired["Location"]).content.decode()
    assert body.index("Owner 0") < body.index("Owner 11")
    assert "Identity queue" not in client.get("/review/").content.decode()


@pytest.mark.django_db
def test_contact_details_edit_directly_and_are_audited(client, rights_owner):
    client.force_login(rights_owner)
    response = client.post(
        "/account/contact/",
        {
            "contact_email": "ip@example.com",
            "phone": "+49 30 1234567",
            "address": "1 Main St",
        },
    )
    assert response.status_code == 302
    rights_owner.refresh_from_db()
    assert (rights_owner.contact_email, rights_owner.phone) == ("ip@example.com", "+49 30 1234567")
    assert AuditEvent.objects.filter(action="account.contact_updated").exists()
    bad = client.post("/account/contact/", {"contact_email": "x", "phone": "call me"})
    assert "valid email" in bad.content.decode() and "phone number" in bad.content.decode()


@pytest.mark.django_db
def test_mainland_china_individual_is_told_about_the_document_route(client):
    from tests.factories import UserFactory

    user = UserFactory(email="cn@example.com", location="CN")
    client.force_login(user)
    assert "face recognition" in client.get("/account/identity/").content.decode()
