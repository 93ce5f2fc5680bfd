"""Every transition, legal and illegal, with its audit row; every bad input."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from core.audit import trail_for
from core.errors import DomainError, TransitionError
from core.models import AuditEvent
from ipr import guidance, services
from ipr.models import IPR, IPRStatus
from tests import files
from tests.factories import UserFactory

from .conftest import TODAY, copyright_data, doc, patent_data, trademark_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("frozen_today")]


def last_audit(ipr):
    return trail_for(ipr).last()


# --- the TRANSITIONS map is walked -----------------------------------------------------------


def test_transitions_map_covers_every_status_and_only_known_targets():
    assert set(IPR.TRANSITIONS) == set(IPRStatus.values)
    for targets in IPR.TRANSITIONS.values():
        assert targets <= set(IPRStatus.values)
    assert IPR.TRANSITIONS[IPRStatus.WITHDRAWN] == set()
    assert IPR.TRANSITIONS[IPRStatus.EXPIRED] == set()


# --- owner side ------------------------------------------------------------------------------


def test_owner_creates_trademark_draft_and_submits_it(
    rights_owner, django_capture_on_commit_callbacks, mailoutbox
):
    ipr = services.create_ipr(
        owner=rights_owner, kind="trademark", data=trademark_data(rights_owner)
    )
    assert ipr.status == IPRStatus.DRAFT
    assert ipr.nice_classes == [18, 25]
    assert last_audit(ipr).action == "ipr.created"
    assert ipr.certificate.attached_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        ipr = services.submit_ipr(ipr=ipr, actor=rights_owner)
    assert ipr.status == IPRStatus.PENDING and ipr.submitted_at
    event = last_audit(ipr)
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "ipr.submitted",
        "draft",
        "pending",
        rights_owner,
    )
    assert {m for msg in mailoutbox for m in msg.to} == {"owner@example.com", "legal@example.com"}


def test_patent_and_both_copyright_routes_are_accepted(rights_owner):
    for kind, data in (
        ("patent", patent_data(rights_owner)),
        ("copyright", copyright_data(rights_owner)),
        ("copyright", copyright_data(rights_owner, registered=False)),
    ):
        ipr = services.create_ipr(owner=rights_owner, kind=kind, data=data)
        assert services.submit_ipr(ipr=ipr, actor=rights_owner).status == "pending"


def test_identity_not_approved_cannot_submit(db):
    user = UserFactory(email="new@example.com", complainant_name="New")
    with pytest.raises(DomainError, match="identity has not been verified"):
        services.create_ipr(owner=user, kind="trademark", data=trademark_data(user))


def test_expired_identity_cannot_submit(rights_owner):
    rights_owner.identity_expires_on = TODAY - datetime.timedelta(days=1)
    rights_owner.save()
    with pytest.raises(DomainError, match="identity certificate expired"):
        services.create_ipr(owner=rights_owner, kind="trademark", data=trademark_data(rights_owner))


def test_submit_from_pending_is_a_conflict(rights_owner, make_ipr):
    ipr = make_ipr(owner=rights_owner)
    with pytest.raises(TransitionError):
        services.submit_ipr(ipr=ipr, actor=rights_owner)
    with pytest.raises(TransitionError):
        services.resubmit_ipr(ipr=ipr, actor=rights_owner)


def test_other_account_cannot_touch_an_ipr(rights_owner, outsider, make_ipr):
    ipr = make_ipr(owner=rights_owner, draft=True)
    with pytest.raises(Http404):
        services.submit_ipr(ipr=ipr, actor=outsider)
    with pytest.raises(Http404):
        services.update_ipr(ipr=ipr, actor=outsider, data={"number": "X"})


def test_edit_failed_and_resubmit_bumps_version(rights_owner, make_ipr):
    ipr = make_ipr(owner=rights_owner, failed=True)
    ipr = services.update_ipr(ipr=ipr, actor=rights_owner, data={"number": "TM-NEW"})
    assert last_audit(ipr).action == "ipr.edited" and last_audit(ipr).data["fields"] == ["number"]
    ipr = services.resubmit_ipr(ipr=ipr, actor=rights_owner)
    assert (ipr.status, ipr.version) == ("pending", 2)
    event = last_audit(ipr)
    assert (event.action, event.from_status, event.to_status) == (
        "ipr.resubmitted",
        "failed",
        "pending",
    )


@pytest.mark.parametrize("trait", ["authenticated", "withdrawn", "expired"])
def test_only_draft_or_failed_can_be_edited(rights_owner, make_ipr, trait):
    ipr = make_ipr(owner=rights_owner, **{trait: True})
    with pytest.raises(DomainError, match="can be edited"):
        services.update_ipr(ipr=ipr, actor=rights_owner, data={"number": "X"})


def test_agent_needs_the_letter_before_submitting(agent):
    data = trademark_data(agent, right_owner_name="Acme Brands Ltd")
    ipr = services.create_ipr(owner=agent, kind="trademark", data=data)
    with pytest.raises(DomainError, match="authorization letter is\\s+required") as exc:
        services.submit_ipr(ipr=ipr, actor=agent)
    assert exc.value.field == "authorization_letter"
    ipr = services.attach_authorization_letter(
        ipr=ipr, actor=agent, letter=doc(agent), starts_on=TODAY, ends_on=TODAY.replace(year=2027)
    )
    assert services.submit_ipr(ipr=ipr, actor=agent).status == "pending"


def test_create_and_submit_sends_to_review_unless_a_letter_is_still_needed(rights_owner, agent):
    own = services.create_and_submit_ipr(
        owner=rights_owner, kind="trademark", data=trademark_data(rights_owner)
    )
    assert own.status == IPRStatus.PENDING
    data = trademark_data(agent, right_owner_name="Acme Brands Ltd")
    for_client = services.create_and_submit_ipr(owner=agent, kind="trademark", data=data)
    assert for_client.status == IPRStatus.DRAFT
    assert last_audit(for_client).action == "ipr.created"


def test_owner_name_different_from_account_needs_a_letter(rights_owner):
    data = trademark_data(rights_owner, right_owner_name="Someone Else GmbH")
    ipr = services.create_ipr(owner=rights_owner, kind="trademark", data=data)
    with pytest.raises(DomainError, match="authorization letter"):
        services.submit_ipr(ipr=ipr, actor=rights_owner)


def test_owner_name_compared_without_case_or_spacing(rights_owner):
    data = trademark_data(rights_owner, right_owner_name="  acme   BRANDS ltd ")
    ipr = services.create_ipr(owner=rights_owner, kind="trademark", data=data)
    assert services.submit_ipr(ipr=ipr, actor=rights_owner).status == "pending"


def test_letter_term_not_started_or_reversed_is_refused(agent):
    ipr = services.create_ipr(owner=agent, kind="trademark", data=trademark_data(agent))
    with pytest.raises(DomainError, match="must end after it starts"):
        services.attach_authorization_letter(
            ipr=ipr,
            actor=agent,
            letter=doc(agent),
            starts_on=TODAY,
            ends_on=TODAY - datetime.timedelta(days=1),
        )
    services.attach_authorization_letter(
        ipr=ipr,
        actor=agent,
        letter=doc(agent),
        starts_on=TODAY + datetime.timedelta(days=3),
        ends_on=TODAY.replace(year=2028),
    )
    with pytest.raises(DomainError, match="has not started yet"):
        services.submit_ipr(ipr=ipr, actor=agent)


# --- reviewer side ---------------------------------------------------------------------------


def test_reviewer_authenticates_pending(reviewer, make_ipr, rights_owner):
    ipr = make_ipr(owner=rights_owner)
    ipr = services.approve_ipr(ipr=ipr, actor=reviewer, note="clear certificate")
    assert ipr.status == "authenticated" and ipr.decided_by == reviewer
    event = last_audit(ipr)
    assert (event.action, event.from_status, event.to_status, event.actor, event.reason) == (
        "ipr.authenticated",
        "pending",
        "authenticated",
        reviewer,
        "clear certificate",
    )


@pytest.mark.parametrize("trait", ["draft", "failed", "authenticated", "withdrawn", "expired"])
def test_only_pending_can_be_approved_or_rejected(reviewer, make_ipr, trait):
    ipr = make_ipr(**{trait: True})
    with pytest.raises(TransitionError):
        services.approve_ipr(ipr=ipr, actor=reviewer)
    with pytest.raises(TransitionError):
        services.reject_ipr(ipr=ipr, actor=reviewer, code="illegible")
    assert not AuditEvent.objects.filter(action__in=["ipr.authenticated", "ipr.rejected"]).exists()


def test_non_reviewers_cannot_decide(rights_owner, seller, make_ipr):
    ipr = make_ipr(owner=rights_owner)
    for actor in (rights_owner, seller):
        with pytest.raises(PermissionDenied):
            services.approve_ipr(ipr=ipr, actor=actor)
        with pytest.raises(PermissionDenied):
            services.reject_ipr(ipr=ipr, actor=actor, code="other", text="x")


def test_reject_with_reason_shows_it_to_the_owner(reviewer, make_ipr):
    ipr = services.reject_ipr(
        ipr=make_ipr(), actor=reviewer, code="filing_receipt", text="Page 1 is a receipt."
    )
    assert ipr.status == "failed"
    assert "filing receipt" in ipr.reason_text and "Page 1 is a receipt." in ipr.reason_text
    event = last_audit(ipr)
    assert (event.action, event.to_status, event.data["code"]) == (
        "ipr.rejected",
        "failed",
        "filing_receipt",
    )


def test_reject_other_needs_free_text_and_unknown_code_is_refused(reviewer, make_ipr):
    ipr = make_ipr()
    with pytest.raises(DomainError, match="Explain the reason"):
        services.reject_ipr(ipr=ipr, actor=reviewer, code="other", text="  ")
    with pytest.raises(DomainError, match="Choose a reason"):
        services.reject_ipr(ipr=ipr, actor=reviewer, code="because")


def test_approve_refuses_a_right_that_expired_while_pending(reviewer, make_ipr):
    ipr = make_ipr(expires_on=TODAY - datetime.timedelta(days=1))
    with pytest.raises(DomainError, match="expired"):
        services.approve_ipr(ipr=ipr, actor=reviewer)


def test_approve_refuses_agent_filing_without_letter(reviewer, make_ipr, agent):
    ipr = make_ipr(owner=agent, right_owner_name="Acme")
    with pytest.raises(DomainError, match="letter is missing"):
        services.approve_ipr(ipr=ipr, actor=reviewer)


def test_right_ending_today_can_still_be_approved(reviewer, make_ipr):
    ipr = make_ipr(expires_on=TODAY)
    assert services.approve_ipr(ipr=ipr, actor=reviewer).status == "authenticated"


def test_mark_invalid_withdraws_authenticated_only(reviewer, make_ipr):
    ipr = services.mark_ipr_invalid(
        ipr=make_ipr(authenticated=True), actor=reviewer, text="Invalidated by CNIPA decision 123"
    )
    assert (ipr.status, ipr.withdrawal_code) == ("withdrawn", "invalid")
    assert last_audit(ipr).action == "ipr.withdrawn"
    with pytest.raises(TransitionError):
        services.mark_ipr_invalid(ipr=make_ipr(), actor=reviewer, text="x")
    with pytest.raises(DomainError, match="Explain"):
        services.mark_ipr_invalid(ipr=make_ipr(authenticated=True), actor=reviewer, text="")


# --- renewal ---------------------------------------------------------------------------------


@pytest.mark.parametrize("trait", ["withdrawn", "expired"])
def test_renew_creates_linked_draft_once(rights_owner, make_ipr, trait):
    old = make_ipr(owner=rights_owner, **{trait: True})
    new = services.renew_ipr(ipr=old, actor=rights_owner)
    assert (new.status, new.renewal_of, new.number, new.kind) == (
        "draft",
        old,
        old.number,
        old.kind,
    )
    assert last_audit(old).action == "ipr.renewal_started"
    old.refresh_from_db()
    assert old.status == trait
    with pytest.raises(DomainError, match="already being renewed"):
        services.renew_ipr(ipr=old, actor=rights_owner)


@pytest.mark.parametrize("trait", ["draft", "failed", "authenticated"])
def test_only_withdrawn_or_expired_can_be_renewed(rights_owner, make_ipr, trait):
    with pytest.raises(DomainError, match="can be renewed"):
        services.renew_ipr(ipr=make_ipr(owner=rights_owner, **{trait: True}), actor=rights_owner)


# --- bad input -------------------------------------------------------------------------------


def _refused(owner, kind, data, match, field=None):
    with pytest.raises(DomainError, match=match) as exc:
        services.create_ipr(owner=owner, kind=kind, data=data)
    if field:
        assert exc.value.field == field
    assert not IPR.objects.exists()


def test_filing_receipt_is_refused_with_the_faq_text(rights_owner):
    data = trademark_data(rights_owner, document_type="filing_receipt")
    with pytest.raises(DomainError) as exc:
        services.create_ipr(owner=rights_owner, kind="trademark", data=data)
    assert exc.value.message == str(guidance.FILING_RECEIPT)
    assert exc.value.code == "filing_receipt"


def test_unregistered_trademark_is_refused(rights_owner):
    data = trademark_data(rights_owner, is_registered=False)
    _refused(
        rights_owner,
        "trademark",
        data,
        "after it has been successfully registered",
        "is_registered",
    )


@pytest.mark.parametrize(
    "overrides, match, field",
    [
        ({"expires_on": datetime.date(2021, 5, 1)}, "after the registration date", "expires_on"),
        ({"expires_on": datetime.date(2020, 1, 1)}, "after the registration date", "expires_on"),
        (
            {
                "registered_on": datetime.date(2015, 1, 1),
                "expires_on": TODAY - datetime.timedelta(days=1),
            },
            "expired on 2026-03-01",
            "expires_on",
        ),
        ({"registered_on": TODAY + datetime.timedelta(days=1)}, "future", "registered_on"),
        ({"expires_on": None}, "expiry date", "expires_on"),
        ({"expires_on": datetime.date(9999, 1, 1)}, "real date", "expires_on"),
        ({"nice_classes": [0]}, "1 to 45", "nice_classes"),
        ({"nice_classes": [46]}, "1 to 45", "nice_classes"),
        ({"nice_classes": []}, "at least one", "nice_classes"),
        ({"nice_classes": ["25"]}, "1 to 45", "nice_classes"),
        ({"mark_word": "", "logo": None}, "word mark", "mark_word"),
        ({"goods_services": " "}, "goods or services", "goods_services"),
        ({"is_madrid": True}, "designation", "madrid_designation"),
        ({"certificate": None}, "registration certificate", "certificate"),
        ({"number": ""}, "registration number", "number"),
        ({"right_owner_name": "Acme\x00Ltd"}, "not allowed", "right_owner_name"),
        ({"mark_word": "A\x07B"}, "not allowed", "mark_word"),
        ({"right_owner_name": "x" * 201}, "at most 200", "right_owner_name"),
        ({"goods_services": "y" * 5001}, "at most 5000", "goods_services"),
        ({"right_owner_name": "   "}, "owner's name", "right_owner_name"),
    ],
)
def test_bad_trademark_input_is_refused_beside_its_field(rights_owner, overrides, match, field):
    _refused(rights_owner, "trademark", trademark_data(rights_owner, **overrides), match, field)


def test_right_ending_today_can_be_submitted(rights_owner):
    data = trademark_data(rights_owner, expires_on=TODAY)
    ipr = services.create_ipr(owner=rights_owner, kind="trademark", data=data)
    assert services.submit_ipr(ipr=ipr, actor=rights_owner).status == "pending"


def test_logo_must_be_an_image(rights_owner):
    data = trademark_data(rights_owner, logo=doc(rights_owner))
    _refused(rights_owner, "trademark", data, "as an image", "logo")


def test_registered_copyright_needs_content_pages(rights_owner):
    data = copyright_data(rights_owner, content_pages=None)
    _refused(rights_owner, "copyright", data, "pages bearing the content", "content_pages")


def test_unregistered_copyright_needs_statement_and_proof(rights_owner):
    _refused(
        rights_owner,
        "copyright",
        copyright_data(rights_owner, False, ownership_statement=None),
        "ownership statement",
        "ownership_statement",
    )
    _refused(
        rights_owner,
        "copyright",
        copyright_data(rights_owner, False, authorship_proof=None),
        "authorship",
        "authorship_proof",
    )


def test_patent_needs_type_and_title(rights_owner):
    _refused(
        rights_owner,
        "patent",
        patent_data(rights_owner, patent_type=""),
        "type of patent",
        "patent_type",
    )
    _refused(rights_owner, "patent", patent_data(rights_owner, title=""), "title", "title")


def test_documents_of_another_account_are_refused(rights_owner, outsider):
    data = trademark_data(rights_owner, certificate=doc(outsider))
    _refused(rights_owner, "trademark", data, "does not belong")


def test_unknown_field_is_refused(rights_owner):
    _refused(
        rights_owner,
        "trademark",
        {**trademark_data(rights_owner), "status": "authenticated"},
        "Unknown field",
    )


def test_too_many_documents_are_refused(rights_owner, settings):
    settings.IPP_UPLOAD_MAX_FILES = 2
    with pytest.raises(DomainError, match="At most 2 files"):
        services.create_ipr(
            owner=rights_owner,
            kind="trademark",
            data=trademark_data(rights_owner),
            supporting=[doc(rights_owner), doc(rights_owner)],
        )


def test_supporting_documents_are_kept(rights_owner):
    support = doc(rights_owner, files.jpeg, name="renewal.jpg")
    ipr = services.create_ipr(
        owner=rights_owner,
        kind="trademark",
        data=trademark_data(rights_owner),
        supporting=[support],
    )
    assert list(ipr.supporting_documents.all()) == [support]
