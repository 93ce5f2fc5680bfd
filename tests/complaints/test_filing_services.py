import pytest
from django.core import mail
from django.db import connection

from complaints import services as svc
from complaints.models import Complaint, ComplaintStatus, ItemStatus
from core.errors import DomainError, TransitionError
from core.models import AuditEvent
from tests.catalogue.factories import ListingFactory
from tests.complaints.conftest import url_of
from tests.factories import UserFactory
from tests.files import proof_document
from tests.ipr.conftest import IPRFactory


def data(ipr, urls, **kw):
    values = {
        "platform": "taobao",
        "ipr": ipr,
        "reason": "trademark_unauthorized_use",
        "urls": urls,
    }
    values.update(kw)
    return svc.ComplaintInput(**values)


@pytest.mark.django_db
def test_filing_validates_each_url_against_the_catalogue(
    complainant, trademark, listings, django_capture_on_commit_callbacks
):
    gone = ListingFactory(platform="taobao", taken_down=True)
    urls = "\n".join(
        [
            url_of(listings[0]),
            url_of(listings[1]),
            url_of(gone),
            "https://item.taobao.com/item.htm?id=999999999999",
        ]
    )
    with django_capture_on_commit_callbacks(execute=True):
        complaint = svc.file_complaint(complainant=complainant, data=data(trademark, urls))
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.SUBMITTED
    assert (complaint.url_count, complaint.valid_count, complaint.progress_percent) == (4, 2, 100)
    states = {i.line: (i.status, i.error_code) for i in complaint.items.all()}
    assert states[1] == ("valid", "") and states[3] == ("invalid", "not_live")
    assert states[4] == ("invalid", "unknown_listing")
    assert complaint.items.get(line=1).seller == listings[0].seller
    actions = list(
        AuditEvent.objects.filter(target_type="complaints.complaint").values_list(
            "action", flat=True
        )
    )
    assert actions == ["complaint.draft_saved", "complaint.submitted", "complaint.validated"]
    assert "2 of 4 URLs filed" in mail.outbox[-1].subject


@pytest.mark.django_db
def test_complaint_whose_urls_all_fail_is_closed_as_invalid(
    complainant, trademark, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = svc.file_complaint(
            complainant=complainant,
            data=data(trademark, "https://item.taobao.com/item.htm?id=123456789"),
        )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.INVALID and complaint.closed_at is not None


@pytest.mark.django_db
def test_syntactically_bad_lines_block_submission_and_nothing_is_saved(
    complainant, trademark, listings
):
    urls = f"{url_of(listings[0])}\nhttps://evil-taobao.com/item.htm?id=1"
    with pytest.raises(svc.LineErrors) as caught:
        svc.file_complaint(complainant=complainant, data=data(trademark, urls))
    assert [r.error for r in caught.value.results] == [None, "not_alibaba"]
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_draft_keeps_bad_lines_with_reasons_and_refuses_submit_until_fixed(
    complainant, trademark, listings
):
    draft, results = svc.save_draft(
        complainant=complainant,
        data=data(trademark, f"{url_of(listings[0])}  {url_of(listings[1])}"),
    )
    assert results[0].error == "glued"
    assert draft.items.get().error_code == "glued"
    with pytest.raises(DomainError, match="marked line"):
        svc.submit_complaint(complaint=draft, actor=complainant)
    draft, _ = svc.save_draft(
        complainant=complainant,
        complaint=draft,
        data=data(trademark, f"{url_of(listings[0])}\n{url_of(listings[1])}"),
    )
    assert svc.submit_complaint(complaint=draft, actor=complainant).status == "validating"
    with pytest.raises(TransitionError):
        svc.submit_complaint(complaint=draft, actor=complainant)


@pytest.mark.django_db
def test_listing_under_an_open_complaint_of_the_same_owner_is_flagged(
    complainant, trademark, listings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        svc.file_complaint(complainant=complainant, data=data(trademark, url_of(listings[0])))
        second = svc.file_complaint(
            complainant=complainant,
            data=data(trademark, f"{url_of(listings[0])}\n{url_of(listings[1])}"),
        )
    flagged = second.items.get(line=1)
    assert flagged.status == ItemStatus.FLAGGED and "already under" in flagged.error_message
    assert second.items.get(line=2).status == ItemStatus.VALID


@pytest.mark.django_db
def test_only_the_owners_own_open_complaints_flag_a_listing(
    complainant, trademark, listings, django_capture_on_commit_callbacks
):
    """A listing valid in another owner's open complaint, or in this owner's closed one, is
    filed again; one rejected in this owner's open complaint too (only valid URLs count)."""
    rival = UserFactory(email="rival@example.com", identity_approved=True)
    rival_mark = IPRFactory(owner=rival, authenticated=True, mark_word="RIVAL")
    with django_capture_on_commit_callbacks(execute=True):
        svc.file_complaint(complainant=rival, data=data(rival_mark, url_of(listings[0])))
        closed = svc.file_complaint(
            complainant=complainant, data=data(trademark, url_of(listings[1]))
        )
        invalid = svc.file_complaint(
            complainant=complainant, data=data(trademark, url_of(listings[2]))
        )
    Complaint.objects.filter(pk=closed.pk).update(status=ComplaintStatus.CLOSED)
    invalid.items.update(status=ItemStatus.INVALID)
    urls = "\n".join(url_of(x) for x in listings[:4])
    with django_capture_on_commit_callbacks(execute=True):
        filed = svc.file_complaint(complainant=complainant, data=data(trademark, urls))
    statuses = dict(filed.items.values_list("line", "status"))
    assert statuses == {n: ItemStatus.VALID for n in (1, 2, 3, 4)}
    with django_capture_on_commit_callbacks(execute=True):
        again = svc.file_complaint(complainant=complainant, data=data(trademark, urls))
    assert set(again.items.values_list("status", flat=True)) == {ItemStatus.FLAGGED}


@pytest.mark.django_db
def test_reason_must_fit_the_right_and_the_right_must_be_authenticated(complainant, listings):
    copyright_ipr = IPRFactory(
        owner=complainant, authenticated=True, kind="copyright", work_title="Logo art"
    )
    with pytest.raises(DomainError, match="does not fit"):
        svc.file_complaint(complainant=complainant, data=data(copyright_ipr, url_of(listings[0])))
    pending = IPRFactory(owner=complainant)
    with pytest.raises(DomainError, match="authenticated IPRs"):
        svc.file_complaint(complainant=complainant, data=data(pending, url_of(listings[0])))
    assert (
        svc.file_complaint(
            complainant=complainant,
            data=data(
                copyright_ipr,
                url_of(listings[0]),
                reason="copyright_image",
                evidence=[proof_document(complainant)],
            ),
        ).status
        == "validating"
    )


@pytest.mark.django_db
def test_someone_elses_ipr_cannot_back_a_complaint(complainant, listings):
    other = IPRFactory(authenticated=True)
    with pytest.raises(DomainError, match="authenticated IPRs"):
        svc.file_complaint(complainant=complainant, data=data(other, url_of(listings[0])))


@pytest.mark.django_db
def test_account_without_approved_identity_cannot_file(listings):
    user = UserFactory(email="new@example.com")
    with pytest.raises(DomainError, match="not been verified"):
        svc.save_draft(complainant=user, data=data(None, url_of(listings[0])))


@pytest.mark.django_db
def test_validation_is_idempotent(
    complainant, trademark, listings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        complaint = svc.file_complaint(
            complainant=complainant, data=data(trademark, url_of(listings[0]))
        )
    before = AuditEvent.objects.count()
    svc.validate_complaint(complaint_id=complaint.pk)
    assert AuditEvent.objects.count() == before
    assert svc.validate_complaint(complaint_id=10**9) is None


@pytest.mark.django_db
def test_two_hundred_url_complaint_files_and_validates_in_bounded_queries(
    complainant, trademark, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    many = [
        ListingFactory(platform="taobao", listing_id=str(620_000_000_000 + n)) for n in range(200)
    ]
    few = [
        ListingFactory(platform="taobao", listing_id=str(621_000_000_000 + n)) for n in range(20)
    ]

    def file(batch):
        urls = "\n".join(url_of(x) for x in batch)
        return svc.file_complaint(complainant=complainant, data=data(trademark, urls))

    with django_assert_max_num_queries(40) as small:
        c1 = file(few)
    with django_assert_max_num_queries(40) as big:
        c2 = file(many)
    # SQLite splits a bulk insert at its parameter limit; PostgreSQL sends one statement.
    assert len(big.captured_queries) <= len(small.captured_queries) + 3
    with django_assert_max_num_queries(60) as v_small:
        svc.validate_complaint(complaint_id=c1.pk)
    with django_assert_max_num_queries(60) as v_big:
        svc.validate_complaint(complaint_id=c2.pk)
    # The same statements whatever the count; SQLite splits the 200 rows' UPDATE and their audit
    # rows' INSERT at its parameter limit (one more and two more), PostgreSQL does not.
    split = 0 if connection.vendor == "postgresql" else 3
    assert len(v_big.captured_queries) <= len(v_small.captured_queries) + split
    c2.refresh_from_db()
    assert c2.valid_count == 200


@pytest.mark.django_db
def test_more_than_two_hundred_lines_are_too_many(complainant, trademark):
    urls = "\n".join(
        f"https://item.taobao.com/item.htm?id={630_000_000_000 + n}" for n in range(201)
    )
    with pytest.raises(svc.LineErrors) as caught:
        svc.file_complaint(complainant=complainant, data=data(trademark, urls))
    assert caught.value.results[-1].error == "too_many"


@pytest.mark.django_db
def test_withdraw_a_submitted_complaint(complainant, trademark, listings, outsider):
    complaint = svc.file_complaint(
        complainant=complainant, data=data(trademark, url_of(listings[0]))
    )
    with pytest.raises(DomainError):
        svc.withdraw_complaint(complaint=complaint, actor=outsider)
    with pytest.raises(TransitionError):  # still validating
        svc.withdraw_complaint(complaint=complaint, actor=complainant)
    svc.validate_complaint(complaint_id=complaint.pk)
    assert svc.withdraw_complaint(complaint=complaint, actor=complainant).status == "withdrawn"


@pytest.mark.django_db
def test_withdraw_a_draft_complaint_is_audited(complainant, trademark, listings):
    from core.models import AuditEvent

    complaint, _results = svc.save_draft(
        complainant=complainant, data=data(trademark, url_of(listings[0]))
    )
    assert svc.withdraw_complaint(complaint=complaint, actor=complainant).status == "withdrawn"
    event = AuditEvent.objects.get(action="complaint.withdrawn", target_id=str(complaint.pk))
    assert (event.from_status, event.to_status, event.actor) == ("draft", "withdrawn", complainant)
