"""Appeals: the window, one appeal per decision, each subject granted and dismissed with its
reversal, audit rows and outbox rows; the first decider can neither claim nor decide."""

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from accounts.models import IdentityStatus, SanctionStatus, SubmissionStatus
from appeals import services
from appeals.models import Appeal, AppealKind, AppealStatus
from appeals.queues import QUEUE_NAME
from catalogue.models import ListingStatus
from complaints.models import ComplaintStatus, ItemStatus
from core import claims
from core.errors import DomainError, TransitionError
from core.models import AuditEvent, Notification, OutboxMessage
from ipr.models import IPRStatus
from reviews.models import Deadline, DeadlineKind, DeadlineStatus, PenaltyEntry
from tests.files import proof_document

from .conftest import DAY, MONDAY


def file(appellant, kind, subject, statement="The decision is wrong.", evidence=()):
    return services.file_appeal(
        appellant=appellant,
        data=services.AppealInput(
            kind=kind, subject_id=subject.pk, statement=statement, evidence=list(evidence)
        ),
    )


def decide(appeal, reviewer, grant, reason=None, answer="Reasons given in full."):
    reason = reason or ("new_evidence" if grant else "decision_correct")
    return services.decide_appeal(
        appeal=appeal, reviewer=reviewer, grant=grant, reason=reason, answer=answer
    )


def actions(target) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk))
        .exclude(action__startswith="claim.")
        .order_by("created_at", "id")
        .values_list("action", flat=True)
    )


def emails_to(user) -> list[dict]:
    return [
        m.kwargs
        for m in OutboxMessage.objects.filter(task="core.tasks.send_templated_email")
        if user.email in str(m.kwargs)
    ]


# --- the window and one appeal per decision ------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("days, allowed", [(0, True), (183, True), (184, False)])
def test_an_appeal_is_accepted_only_within_the_window(
    rejected_item, complainant, frozen, days, allowed
):
    frozen.move_to(MONDAY + days * DAY)
    if allowed:
        appeal = file(complainant, AppealKind.REJECTED_URL, rejected_item)
        assert appeal.status == AppealStatus.SUBMITTED and appeal.decision_at == MONDAY
    else:
        with pytest.raises(DomainError, match="The time to appeal this decision ended on") as e:
            file(complainant, AppealKind.REJECTED_URL, rejected_item)
        assert e.value.code == "appeal_window_closed"
        assert not Appeal.objects.exists()


@pytest.mark.django_db
def test_the_window_is_a_setting(rejected_item, complainant, frozen, settings):
    settings.IPP = {**settings.IPP, "APPEAL_WINDOW_DAYS": 10}
    frozen.move_to(MONDAY + 11 * DAY)
    with pytest.raises(DomainError, match="10 days after the decision"):
        file(complainant, AppealKind.REJECTED_URL, rejected_item)


@pytest.mark.django_db
def test_one_appeal_per_decision_and_a_withdrawn_one_does_not_count(rejected_item, complainant):
    appeal = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    with pytest.raises(TransitionError) as error:
        file(complainant, AppealKind.REJECTED_URL, rejected_item)
    assert error.value.code == "already_appealed"
    services.withdraw_appeal(appeal=appeal, actor=complainant)
    again = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    assert again.pk != appeal.pk
    assert actions(appeal) == ["appeal.submitted", "appeal.withdrawn"]


@pytest.mark.django_db
def test_an_appeal_under_review_can_be_withdrawn_and_its_claim_is_released(
    rejected_item, complainant, second_reviewer
):
    appeal = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    services.start_review(appeal=appeal, reviewer=second_reviewer)
    assert claims.holder_of(QUEUE_NAME, appeal) == second_reviewer
    appeal = services.withdraw_appeal(appeal=appeal, actor=complainant)
    assert appeal.status == AppealStatus.WITHDRAWN and appeal.withdrawn_at is not None
    assert claims.holder_of(QUEUE_NAME, appeal) is None
    assert actions(appeal) == ["appeal.submitted", "appeal.in_review", "appeal.withdrawn"]
    withdrawn = AuditEvent.objects.get(target_id=str(appeal.pk), action="appeal.withdrawn")
    assert (withdrawn.from_status, withdrawn.to_status) == ("in_review", "withdrawn")
    with pytest.raises(DomainError):
        decide(appeal, second_reviewer, grant=True)


@pytest.mark.django_db
def test_the_statement_is_required_and_evidence_must_be_the_appellants(
    rejected_item, complainant, seller
):
    with pytest.raises(DomainError) as error:
        file(complainant, AppealKind.REJECTED_URL, rejected_item, statement="  ")
    assert error.value.field == "statement"
    with pytest.raises(DomainError, match="documents you uploaded yourself"):
        file(
            complainant,
            AppealKind.REJECTED_URL,
            rejected_item,
            evidence=[proof_document(seller)],
        )
    appeal = file(
        complainant, AppealKind.REJECTED_URL, rejected_item, evidence=[proof_document(complainant)]
    )
    assert appeal.evidence.get().attached_at is not None


# --- who may appeal ----------------------------------------------------------------------------
@pytest.mark.django_db
def test_only_the_party_the_decision_went_against_may_appeal(
    rejected_item, upheld_item, reviewer, seller, outsider, complainant
):
    with pytest.raises(Http404):
        file(outsider, AppealKind.REJECTED_URL, rejected_item)
    with pytest.raises(Http404):  # a rejected URL was never shown to the seller
        file(seller, AppealKind.REJECTED_URL, rejected_item)
    with pytest.raises(PermissionDenied, match="Only the complainant"):
        file(reviewer, AppealKind.REJECTED_URL, rejected_item)
    with pytest.raises(Http404):  # the takedown is the seller's to appeal
        file(complainant, AppealKind.TAKEDOWN, upheld_item)
    with pytest.raises(TransitionError, match="Only a rejected URL") as error:
        file(complainant, AppealKind.REJECTED_URL, upheld_item)
    assert error.value.code == "not_appealable"


@pytest.mark.django_db
def test_an_accepted_takedown_cannot_be_appealed_before_it_is_final(
    complaint, reviewer, seller, frozen
):
    from reviews.services import decisions

    from .conftest import items_of

    item = decisions.accept_item(item=items_of(complaint)[1], actor=reviewer)
    with pytest.raises(TransitionError, match="became final"):
        file(seller, AppealKind.TAKEDOWN, item)


# --- the first decider ---------------------------------------------------------------------------
@pytest.mark.django_db
def test_the_first_decider_can_neither_claim_nor_decide(
    rejected_item, complainant, reviewer, second_reviewer
):
    appeal = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    assert appeal.first_decider == reviewer
    assert claims.claim_next(queue_name=QUEUE_NAME, reviewer=reviewer) is None
    with pytest.raises(PermissionDenied):
        claims.claim(queue_name=QUEUE_NAME, item=appeal, reviewer=reviewer)
    with pytest.raises(PermissionDenied, match="another reviewer must decide"):
        decide(appeal, reviewer, grant=True)
    assert claims.claim_next(queue_name=QUEUE_NAME, reviewer=second_reviewer) == appeal
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.SUBMITTED


@pytest.mark.django_db
def test_another_reviewers_claim_blocks_the_decision(
    rejected_item, complainant, second_reviewer, db
):
    from tests.factories import UserFactory

    third = UserFactory(email="third@example.com", reviewer=True)
    appeal = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    services.start_review(appeal=appeal, reviewer=second_reviewer)
    with pytest.raises(TransitionError):
        decide(appeal, third, grant=False)


@pytest.mark.django_db
def test_a_decision_needs_a_fitting_reason_and_an_answer(
    rejected_item, complainant, second_reviewer
):
    appeal = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    with pytest.raises(DomainError, match="fits the decision"):
        decide(appeal, second_reviewer, grant=True, reason="decision_correct")
    with pytest.raises(DomainError) as error:
        decide(appeal, second_reviewer, grant=False, answer=" ")
    assert error.value.field == "answer"


# --- each subject, granted and dismissed ---------------------------------------------------------
@pytest.mark.django_db
def test_granting_a_rejected_url_takes_the_listing_down_through_the_acceptance(
    rejected_item, complainant, reviewer, second_reviewer, seller
):
    complaint = rejected_item.complaint
    complaint.refresh_from_db()
    appeal = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    OutboxMessage.objects.all().delete()
    appeal = decide(appeal, second_reviewer, grant=True)
    rejected_item.refresh_from_db()
    assert appeal.status == AppealStatus.GRANTED and appeal.decided_by == second_reviewer
    assert rejected_item.status == ItemStatus.ACCEPTED
    assert rejected_item.decided_by == second_reviewer and rejected_item.closed_at is None
    assert rejected_item.catalogue_listing.status == ListingStatus.TAKEN_DOWN
    window = Deadline.objects.get(item=rejected_item, status=DeadlineStatus.OPEN)
    assert window.kind == DeadlineKind.SELLER_COUNTER_NOTICE
    assert actions(appeal) == ["appeal.submitted", "appeal.in_review", "appeal.granted"]
    accepted = AuditEvent.objects.get(
        target_id=str(rejected_item.pk), action="url.accepted", to_status="accepted"
    )
    assert accepted.data["appeal"] == appeal.pk and accepted.actor == second_reviewer
    assert Notification.objects.filter(user=complainant, kind="appeal_decided").exists()
    assert Notification.objects.filter(user=seller, kind="takedown_notice_batch").exists()
    assert Notification.objects.filter(user=seller, kind="appeal_outcome").exists()
    assert emails_to(complainant) and emails_to(seller)
    assert not claims.holder_of(QUEUE_NAME, appeal)


@pytest.mark.django_db
def test_granting_reopens_a_closed_complaint(complaint, complainant, reviewer, second_reviewer):
    from reviews.services import decisions

    from .conftest import items_of

    for item in items_of(complaint):
        decisions.reject_item(item=item, actor=reviewer, reason="insufficient_proof")
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    appeal = file(complainant, AppealKind.REJECTED_URL, items_of(complaint)[2])
    decide(appeal, second_reviewer, grant=True)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.PROCESSED


@pytest.mark.django_db
def test_dismissing_a_rejected_url_keeps_it_and_tells_only_the_appellant(
    rejected_item, complainant, second_reviewer, seller
):
    appeal = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    appeal = decide(appeal, second_reviewer, grant=False, reason="not_supported")
    rejected_item.refresh_from_db()
    assert appeal.status == AppealStatus.DISMISSED and appeal.reason == "not_supported"
    assert rejected_item.status == ItemStatus.REJECTED
    assert rejected_item.catalogue_listing.status == ListingStatus.LIVE
    assert Notification.objects.filter(user=complainant, kind="appeal_decided").exists()
    assert not Notification.objects.filter(user=seller, kind__startswith="appeal").exists()
    assert actions(appeal)[-1] == "appeal.dismissed"


@pytest.mark.django_db
def test_granting_a_final_takedown_restores_the_listing_and_reverses_the_points(
    upheld_item, seller, complainant, reviewer, second_reviewer
):
    entry = PenaltyEntry.objects.get(item=upheld_item)
    appeal = file(seller, AppealKind.TAKEDOWN, upheld_item)
    assert appeal.first_decider == reviewer
    decide(appeal, second_reviewer, grant=True, reason="facts_misread")
    upheld_item.refresh_from_db()
    assert upheld_item.status == ItemStatus.RESTORED
    assert upheld_item.catalogue_listing.status != ListingStatus.TAKEN_DOWN
    reversal = PenaltyEntry.objects.get(reverses=entry)
    assert reversal.points == -entry.points
    assert "url.reversal_note" in actions(upheld_item)
    assert Notification.objects.filter(user=seller, kind="appeal_decided").exists()
    assert Notification.objects.filter(user=complainant, kind="appeal_outcome").exists()


@pytest.mark.django_db
def test_dismissing_a_final_takedown_keeps_it(upheld_item, seller, complainant, second_reviewer):
    appeal = file(seller, AppealKind.TAKEDOWN, upheld_item)
    decide(appeal, second_reviewer, grant=False)
    upheld_item.refresh_from_db()
    assert upheld_item.status == ItemStatus.UPHELD
    assert not PenaltyEntry.objects.filter(reverses__isnull=False).exists()
    assert Notification.objects.filter(user=complainant, kind="appeal_outcome").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("grant", [True, False])
def test_an_ipr_rejection_appeal(failed_ipr, complainant, second_reviewer, grant):
    appeal = file(complainant, AppealKind.IPR_REJECTION, failed_ipr)
    assert "Blurred scan" in appeal.decision_summary
    decide(appeal, second_reviewer, grant=grant)
    failed_ipr.refresh_from_db()
    assert failed_ipr.status == (IPRStatus.AUTHENTICATED if grant else IPRStatus.FAILED)
    if grant:
        event = AuditEvent.objects.get(target_id=str(failed_ipr.pk), action="ipr.authenticated")
        assert event.data["appeal"] == appeal.pk and event.actor == second_reviewer
        assert Notification.objects.filter(user=complainant, kind="ipr_authenticated").exists()


@pytest.mark.django_db
def test_a_rejected_ipr_cannot_be_approved_outside_an_appeal(failed_ipr, second_reviewer):
    from ipr.services.review import approve_ipr

    with pytest.raises(TransitionError):
        approve_ipr(ipr=failed_ipr, actor=second_reviewer)


@pytest.mark.django_db
@pytest.mark.parametrize("grant", [True, False])
def test_an_identity_rejection_appeal(rejected_identity, applicant, second_reviewer, grant):
    appeal = file(applicant, AppealKind.IDENTITY_REJECTION, rejected_identity)
    decide(appeal, second_reviewer, grant=grant)
    rejected_identity.refresh_from_db()
    applicant.refresh_from_db()
    if grant:
        assert rejected_identity.status == SubmissionStatus.APPROVED
        assert applicant.identity_status == IdentityStatus.APPROVED
        assert "identity.approved" in actions(rejected_identity)
    else:
        assert rejected_identity.status == SubmissionStatus.REJECTED
        assert applicant.identity_status == IdentityStatus.REJECTED


@pytest.mark.django_db
@pytest.mark.parametrize("grant", [True, False])
def test_a_sanction_appeal(sanction, complainant, second_reviewer, grant):
    appeal = file(complainant, AppealKind.SANCTION, sanction)
    assert appeal.first_decider is None
    decide(appeal, second_reviewer, grant=grant, reason="other")
    sanction.refresh_from_db()
    assert sanction.status == (SanctionStatus.LIFTED if grant else SanctionStatus.ACTIVE)


@pytest.mark.django_db
def test_a_decided_appeal_cannot_be_decided_or_withdrawn_again(
    rejected_item, complainant, second_reviewer
):
    appeal = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    decide(appeal, second_reviewer, grant=False)
    with pytest.raises(TransitionError):
        decide(appeal, second_reviewer, grant=True)
    with pytest.raises(TransitionError):
        services.withdraw_appeal(appeal=appeal, actor=complainant)


def test_the_transitions_map():
    t = Appeal.TRANSITIONS
    assert set(t) == set(AppealStatus.values)
    assert t[AppealStatus.SUBMITTED] == {AppealStatus.IN_REVIEW, AppealStatus.WITHDRAWN}
    for final in (AppealStatus.GRANTED, AppealStatus.DISMISSED, AppealStatus.WITHDRAWN):
        assert t[final] == set()


@pytest.mark.django_db
def test_a_takedown_granted_on_appeal_cannot_be_undone_by_its_reviewer(
    rejected_item, complainant, second_reviewer
):
    """The undo window is for a reviewer's slip, not for reopening an appeal's answer: the
    granting reviewer is offered no undo and is refused one; a counter-notice remains."""
    from reviews.services import bulk

    appeal = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    decide(appeal, second_reviewer, grant=True)
    rejected_item.refresh_from_db()
    assert rejected_item.status == ItemStatus.ACCEPTED
    assert bulk.undo_deadline(rejected_item) is None
    with pytest.raises(TransitionError) as error:
        bulk.undo_takedown(item=rejected_item, actor=second_reviewer)
    assert error.value.code == "appeal_decision"
    rejected_item.refresh_from_db()
    assert rejected_item.status == ItemStatus.ACCEPTED


@pytest.mark.django_db
def test_the_undo_refusal_after_an_appeal_reaches_the_api_and_the_page(
    client, rejected_item, complainant, second_reviewer
):
    """Both faces: the API answers 409 appeal_decision with its message; the page's undo
    confirmation refuses with the same words and the URL stays taken down."""
    decide(file(complainant, AppealKind.REJECTED_URL, rejected_item), second_reviewer, grant=True)
    client.force_login(second_reviewer)
    answer = client.post(f"/api/v1/review/items/{rejected_item.pk}/undo/")
    assert answer.status_code == 409 and answer.json()["code"] == "appeal_decision"
    assert "decided on appeal" in answer.json()["detail"]
    page = client.post(f"/review/items/{rejected_item.pk}/undo/confirm/", follow=True)
    assert "decided on appeal" in page.content.decode()
    rejected_item.refresh_from_db()
    assert rejected_item.status == ItemStatus.ACCEPTED
