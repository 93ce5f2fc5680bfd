from datetime import date, timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from accounts.models import (
    IdentityStatus,
    IdentitySubmission,
    SubmissionPurpose,
    SubmissionStatus,
)
from accounts.selectors import filing_block_reason
from accounts.services import identity as svc
from core.documents import store_upload
from core.errors import DomainError, TransitionError
from core.models import AuditEvent
from tests import files
from tests.factories import UserFactory

IN_TWO_YEARS = date.today() + timedelta(days=730)


def data_for(account, **overrides):
    values = {
        "complainant_name": "Jane Q. Example",
        "document_type": "passport",
        "document": store_upload(owner=account, upload=files.png()),
        "document_expires_on": IN_TWO_YEARS,
    }
    values.update(overrides)
    return svc.IdentityData(**values)


def submit(account, **overrides) -> IdentitySubmission:
    return svc.submit_identity(account=account, data=data_for(account, **overrides))


@pytest.mark.django_db
def test_submitting_identity_moves_account_to_submitted_with_audit(rights_owner):
    submission = submit(rights_owner)
    rights_owner.refresh_from_db()
    assert rights_owner.identity_status == IdentityStatus.SUBMITTED
    assert submission.purpose == SubmissionPurpose.INITIAL
    assert submission.document.attached_at is not None
    event = AuditEvent.objects.get(action="identity.submitted")
    assert event.actor == rights_owner and event.to_status == "submitted"


@pytest.mark.django_db
def test_account_cannot_file_until_identity_is_approved(rights_owner, reviewer):
    assert "not been verified" in filing_block_reason(rights_owner)
    submission = submit(rights_owner)
    svc.approve_identity(submission=submission, reviewer=reviewer)
    rights_owner.refresh_from_db()
    assert filing_block_reason(rights_owner) is None
    assert rights_owner.complainant_name == "Jane Q. Example"
    assert rights_owner.identity_expires_on == IN_TWO_YEARS


@pytest.mark.django_db
def test_rejection_records_reason_and_user_can_resubmit(
    rights_owner, reviewer, django_capture_on_commit_callbacks
):
    submission = submit(rights_owner)
    svc.start_identity_review(submission=submission, reviewer=reviewer)
    with django_capture_on_commit_callbacks(execute=True):
        svc.reject_identity(
            submission=submission,
            reviewer=reviewer,
            reason="name_mismatch",
            note="The passport says Jane Example.",
        )
    rights_owner.refresh_from_db()
    assert rights_owner.identity_status == IdentityStatus.REJECTED
    event = AuditEvent.objects.get(action="identity.rejected")
    assert "does not match" in event.reason and "Jane Example" in event.reason
    assert set(mail.outbox[-1].to) == {"owner@example.com", "legal@example.com"}
    assert "Jane Example" in mail.outbox[-1].body
    again = submit(rights_owner, complainant_name="Jane Example")
    assert again.previous == submission
    rights_owner.refresh_from_db()
    assert rights_owner.identity_status == IdentityStatus.SUBMITTED


@pytest.mark.django_db
def test_only_one_submission_may_wait_for_review(rights_owner):
    submit(rights_owner)
    with pytest.raises(DomainError, match="already waiting"):
        submit(rights_owner)


@pytest.mark.django_db
@pytest.mark.parametrize("transition", ["approve", "reject", "start"])
def test_decided_submission_cannot_be_decided_again(rights_owner, reviewer, transition):
    submission = submit(rights_owner)
    svc.approve_identity(submission=submission, reviewer=reviewer)
    with pytest.raises(TransitionError):
        if transition == "approve":
            svc.approve_identity(submission=submission, reviewer=reviewer)
        elif transition == "reject":
            svc.reject_identity(submission=submission, reviewer=reviewer, reason="illegible")
        else:
            svc.start_identity_review(submission=submission, reviewer=reviewer)


def test_transitions_map_allows_only_review_and_decisions():
    t = IdentitySubmission.TRANSITIONS
    assert t[SubmissionStatus.APPROVED] == set()
    # rejected -> approved only when an appeal is granted (appeals app).
    assert t[SubmissionStatus.REJECTED] == {SubmissionStatus.APPROVED}
    assert SubmissionStatus.APPROVED in t[SubmissionStatus.UNDER_REVIEW]


@pytest.mark.django_db
def test_non_reviewer_cannot_decide(rights_owner, outsider):
    submission = submit(rights_owner)
    with pytest.raises(PermissionDenied, match="Only reviewers"):
        svc.approve_identity(submission=submission, reviewer=outsider)


@pytest.mark.django_db
def test_reject_needs_a_listed_reason_and_text_for_other(rights_owner, reviewer):
    submission = submit(rights_owner)
    with pytest.raises(DomainError, match="Choose a rejection reason"):
        svc.reject_identity(submission=submission, reviewer=reviewer, reason="because")
    with pytest.raises(DomainError, match="Explain the reason"):
        svc.reject_identity(submission=submission, reviewer=reviewer, reason="other", note=" ")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"complainant_name": "  "}, "Enter the complainant name"),
        ({"complainant_name": "x" * 201}, "at most 200"),
        ({"complainant_name": "Bad\x07Name"}, "printable"),
        ({"document_type": "business_registration"}, "Individuals submit"),
        ({"document_expires_on": None}, "expiry date"),
        ({"document_expires_on": date.today()}, "expires today"),
        ({"document_expires_on": date.today() - timedelta(days=1)}, "expired"),
        ({"document_expires_on": date.today() + timedelta(days=365 * 60)}, "50 years"),
        ({"document_language": "other"}, "translation"),
    ],
)
def test_bad_identity_data_gets_a_specific_message(rights_owner, overrides, message):
    with pytest.raises(DomainError, match=message):
        submit(rights_owner, **overrides)


@pytest.mark.django_db
def test_chinese_company_must_confirm_the_official_seal(db):
    company = UserFactory(identity_kind="business", location="CN")
    with pytest.raises(DomainError, match="official seal"):
        submit(company, document_type="business_registration", document_expires_on=None)
    ok = submit(
        company,
        document_type="business_registration",
        document_expires_on=None,
        official_seal_confirmed=True,
    )
    assert ok.identity_kind == "business" and ok.earliest_expiry is None


@pytest.mark.django_db
def test_identity_expiry_is_the_earliest_document_expiry(db, reviewer):
    company = UserFactory(identity_kind="business", location="GB")
    rep_doc = store_upload(owner=company, upload=files.jpeg())
    soon = date.today() + timedelta(days=40)
    submission = submit(
        company,
        document_type="incorporation",
        document_expires_on=IN_TWO_YEARS,
        representative_name="Ann Rep",
        representative_document=rep_doc,
        representative_expires_on=soon,
    )
    svc.approve_identity(submission=submission, reviewer=reviewer)
    company.refresh_from_db()
    assert company.identity_expires_on == soon


@pytest.mark.django_db
def test_change_request_keeps_approved_details_until_approved(rights_owner, reviewer):
    first = submit(rights_owner)
    svc.approve_identity(submission=first, reviewer=reviewer)
    change = submit(rights_owner, complainant_name="Jane Quinn Example")
    rights_owner.refresh_from_db()
    assert change.purpose == SubmissionPurpose.CHANGE
    assert rights_owner.identity_status == IdentityStatus.APPROVED
    assert rights_owner.complainant_name == "Jane Q. Example"
    svc.reject_identity(submission=change, reviewer=reviewer, reason="illegible")
    rights_owner.refresh_from_db()
    assert rights_owner.identity_status == IdentityStatus.APPROVED
    assert rights_owner.complainant_name == "Jane Q. Example"
    change2 = submit(rights_owner, complainant_name="Jane Quinn Example")
    svc.approve_identity(submission=change2, reviewer=reviewer)
    rights_owner.refresh_from_db()
    assert rights_owner.complainant_name == "Jane Quinn Example"


@pytest.mark.django_db
def test_seller_cannot_submit_identity(seller):
    with pytest.raises(PermissionDenied, match="Only rights owners"):
        submit(seller)


@pytest.mark.django_db
def test_document_expiry_is_judged_on_the_portal_date(rights_owner):
    later = timezone.now() + timedelta(days=800)
    with time_machine.travel(later, tick=False), pytest.raises(DomainError, match="expired"):
        submit(rights_owner)
