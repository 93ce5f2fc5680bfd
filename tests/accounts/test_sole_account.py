import pytest
from django.core import mail

from accounts.selectors import filing_block_reason
from accounts.services import identity as identity_svc
from accounts.services import sole_account as svc
from core.documents import store_upload
from core.errors import DomainError
from tests import files
from tests.accounts.test_identity_services import submit
from tests.factories import UserFactory


def approved(email, name="Acme Trading GmbH", reviewer=None):
    user = UserFactory(email=email)
    identity_svc.approve_identity(submission=submit(user, complainant_name=name), reviewer=reviewer)
    user.refresh_from_db()
    return user


def docs(user):
    return {
        "identity_document": store_upload(owner=user, upload=files.png()),
        "statement": store_upload(owner=user, upload=files.pdf()),
    }


@pytest.mark.django_db
def test_accounts_sharing_a_complainant_name_cannot_file_until_one_is_confirmed(
    reviewer, django_capture_on_commit_callbacks
):
    a = approved("a@example.com", reviewer=reviewer)
    b = approved("b@example.com", name="ACME  trading gmbh", reviewer=reviewer)
    assert "More than one account" in filing_block_reason(a)
    assert "More than one account" in filing_block_reason(b)
    confirmation = svc.submit_sole_account_confirmation(account=a, **docs(a))
    with django_capture_on_commit_callbacks(execute=True):
        svc.approve_sole_account(confirmation=confirmation, reviewer=reviewer)
    assert filing_block_reason(a) is None
    assert "can no longer file" in filing_block_reason(b)
    barred = [m for m in mail.outbox if "b@example.com" in m.to]
    assert barred and "no longer file" in barred[-1].body


@pytest.mark.django_db
def test_single_account_needs_no_confirmation(reviewer):
    a = approved("solo@example.com", reviewer=reviewer)
    assert filing_block_reason(a) is None
    with pytest.raises(DomainError, match="nothing to confirm"):
        svc.submit_sole_account_confirmation(account=a, **docs(a))


@pytest.mark.django_db
def test_second_confirmation_for_the_same_name_cannot_be_approved(reviewer):
    a = approved("a@example.com", reviewer=reviewer)
    b = approved("b@example.com", reviewer=reviewer)
    ca = svc.submit_sole_account_confirmation(account=a, **docs(a))
    cb = svc.submit_sole_account_confirmation(account=b, **docs(b))
    svc.approve_sole_account(confirmation=ca, reviewer=reviewer)
    with pytest.raises(DomainError, match="already confirmed"):
        svc.approve_sole_account(confirmation=cb, reviewer=reviewer)


@pytest.mark.django_db
def test_rejected_confirmation_needs_a_note_and_can_be_resubmitted(reviewer):
    a = approved("a@example.com", reviewer=reviewer)
    approved("b@example.com", reviewer=reviewer)
    ca = svc.submit_sole_account_confirmation(account=a, **docs(a))
    with pytest.raises(DomainError, match="Say why"):
        svc.reject_sole_account(confirmation=ca, reviewer=reviewer, note="")
    svc.reject_sole_account(confirmation=ca, reviewer=reviewer, note="The statement is unsigned.")
    again = svc.submit_sole_account_confirmation(account=a, **docs(a))
    assert again.status == "submitted"


@pytest.mark.django_db
def test_statement_pdf_names_the_account(client, reviewer):
    import io

    from pypdf import PdfReader

    a = approved("a@example.com", reviewer=reviewer)
    client.force_login(a)
    response = client.get("/account/sole-account/statement.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "a@example.com" in text and "Acme Trading GmbH" in text


@pytest.mark.django_db
def test_reviewer_approves_a_sole_account_through_its_confirm_page(client, reviewer):
    a = approved("a@example.com", reviewer=reviewer)
    approved("b@example.com", reviewer=reviewer)
    confirmation = svc.submit_sole_account_confirmation(account=a, **docs(a))
    client.force_login(reviewer)
    page = client.get(f"/staff/sole-account/{confirmation.pk}/")
    assert page.status_code == 200
    assert f"/staff/sole-account/{confirmation.pk}/approve/" in page.content.decode()
    assert client.post(f"/staff/sole-account/{confirmation.pk}/").status_code == 405
    assert client.get(f"/staff/sole-account/{confirmation.pk}/approve/").status_code == 200
    response = client.post(f"/staff/sole-account/{confirmation.pk}/approve/")
    assert response.status_code == 302
    confirmation.refresh_from_db()
    assert confirmation.status == "approved"


@pytest.mark.django_db
def test_reviewer_rejects_a_sole_account_only_with_an_explanation(client, reviewer):
    a = approved("a@example.com", reviewer=reviewer)
    approved("b@example.com", reviewer=reviewer)
    confirmation = svc.submit_sole_account_confirmation(account=a, **docs(a))
    client.force_login(reviewer)
    url = f"/staff/sole-account/{confirmation.pk}/reject/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"note": ""}).status_code == 200
    assert client.post(url, {"note": "The statement is unsigned."}).status_code == 302
    confirmation.refresh_from_db()
    assert confirmation.status == "rejected"
    assert confirmation.rejection_note == "The statement is unsigned."


@pytest.mark.django_db
@pytest.mark.parametrize("move", ["approve", "reject"])
def test_non_reviewers_cannot_reach_sole_account_decisions(client, reviewer, move):
    a = approved("a@example.com", reviewer=reviewer)
    approved("b@example.com", reviewer=reviewer)
    confirmation = svc.submit_sole_account_confirmation(account=a, **docs(a))
    client.force_login(a)
    url = f"/staff/sole-account/{confirmation.pk}/{move}/"
    assert client.get(url).status_code == 403
    assert client.post(url, {"note": "x"}).status_code == 403
