"""Complaints per status (Manage Complaints' chart, the reviewers' queue size) come from counts the
database keeps (core.tallies) and are exact after every change: filing, validation, review,
withdrawal, a rollback, a bulk update, and after the rows are folded."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection, transaction
from django.db.models import Count

from complaints import selectors
from complaints import services as svc
from complaints.models import Complaint, ComplaintStatus
from core import tallies
from core.models import Tally
from reviews import selectors as review_selectors
from reviews.services import decisions
from tests.catalogue.factories import ListingFactory
from tests.factories import UserFactory

from .conftest import url_of


def actual(user=None) -> dict[str, int]:
    qs = Complaint.objects.all() if user is None else Complaint.objects.filter(complainant=user)
    return dict(qs.values_list("status").annotate(n=Count("id")).values_list("status", "n"))


def assert_exact(*users) -> None:
    for user in users:
        assert selectors.status_counts(user) == actual(user)
    assert selectors.status_counts() == actual()


def file(user, ipr, n: int):
    listing = ListingFactory(platform="taobao", listing_id=str(650_000_000_000 + n))
    data = svc.ComplaintInput(
        platform="taobao", ipr=ipr, reason="trademark_unauthorized_use", urls=url_of(listing)
    )
    return svc.file_complaint(complainant=user, data=data)


@pytest.mark.django_db
def test_counts_follow_every_transition_of_a_complaint(complainant, trademark):
    reviewer = UserFactory(email="counts-rev@example.com", reviewer=True)
    draft, _r = svc.save_draft(
        complainant=complainant,
        data=svc.ComplaintInput(
            platform="taobao",
            ipr=trademark,
            reason="trademark_unauthorized_use",
            urls=url_of(ListingFactory()),
        ),
    )
    assert selectors.status_counts(complainant) == {"draft": 1}
    filed = file(complainant, trademark, 1)
    assert selectors.status_counts(complainant) == {"draft": 1, "validating": 1}
    svc.validate_complaint(complaint_id=filed.pk)
    assert selectors.status_counts(complainant) == {"draft": 1, "submitted": 1}
    decisions.accept_item(item=filed.items.get(), actor=reviewer)
    assert_exact(complainant)
    assert selectors.status_counts(complainant)["processed"] == 1
    svc.withdraw_complaint(complaint=filed, actor=complainant)
    svc.withdraw_complaint(complaint=draft, actor=complainant)
    assert selectors.status_counts(complainant) == {"withdrawn": 2}
    assert_exact(complainant)


@pytest.mark.django_db
def test_a_rejected_url_and_an_invalid_complaint_are_counted(complainant, trademark):
    reviewer = UserFactory(email="counts-rev@example.com", reviewer=True)
    filed = file(complainant, trademark, 2)
    svc.validate_complaint(complaint_id=filed.pk)
    decisions.reject_item(item=filed.items.get(), actor=reviewer, reason="insufficient_proof")
    unknown = svc.file_complaint(
        complainant=complainant,
        data=svc.ComplaintInput(
            platform="taobao",
            ipr=trademark,
            reason="trademark_unauthorized_use",
            urls="https://item.taobao.com/item.htm?id=659999999999",
        ),
    )
    svc.validate_complaint(complaint_id=unknown.pk)
    assert selectors.status_counts(complainant).get("invalid") == 1
    assert_exact(complainant)


@pytest.mark.django_db
def test_counts_are_per_owner_and_overall(complainant, trademark):
    other = UserFactory(email="other-owner@example.com", identity_approved=True)
    file(complainant, trademark, 3)
    Complaint.objects.create(complainant=other, platform="taobao", reason="counterfeit")
    Complaint.objects.create(complainant=None, platform="taobao", reason="counterfeit")  # DMCA
    assert selectors.status_counts(complainant) == {"validating": 1}
    assert selectors.status_counts(other) == {"draft": 1}
    assert selectors.status_counts() == {"validating": 1, "draft": 2}


@pytest.mark.django_db
def test_a_rolled_back_change_is_not_counted_and_a_bulk_update_is(complainant, trademark):
    file(complainant, trademark, 4)
    with pytest.raises(RuntimeError), transaction.atomic():
        Complaint.objects.update(status=ComplaintStatus.SUBMITTED)
        raise RuntimeError
    assert selectors.status_counts(complainant) == {"validating": 1}
    Complaint.objects.update(status=ComplaintStatus.SUBMITTED)
    Complaint.objects.filter(complainant=complainant).delete()
    assert_exact(complainant)


@pytest.mark.django_db
def test_folding_the_rows_keeps_the_counts(complainant, trademark):
    for n in range(5):
        file(complainant, trademark, 10 + n)
    before = Tally.objects.count()
    assert tallies.compact_all(min_rows=0) > 0
    assert Tally.objects.count() < before
    # one row: validating, 5
    assert Tally.objects.filter(name="complaints", scope=complainant.pk).count() == 1
    assert_exact(complainant)
    assert tallies.compact_all(min_rows=0) == 0  # nothing left to fold


@pytest.mark.django_db
def test_a_read_of_many_rows_folds_them(complainant, trademark, monkeypatch):
    monkeypatch.setattr(tallies, "COMPACT_ON_READ", 2)
    for n in range(3):
        file(complainant, trademark, 20 + n)
    assert selectors.status_counts(complainant) == {"validating": 3}
    assert Tally.objects.filter(name="complaints", scope=complainant.pk).count() == 1


@pytest.mark.django_db
def test_the_workbench_queue_size_is_the_maintained_count(complainant, trademark):
    reviewer = UserFactory(email="counts-rev@example.com", reviewer=True)
    for n in range(3):
        svc.validate_complaint(complaint_id=file(complainant, trademark, 30 + n).pk)
    sizes = {q.queue.name: q.count for q in review_selectors.workbench(reviewer)}
    assert sizes["complaints"] == 3
    svc.withdraw_complaint(complaint=Complaint.objects.first(), actor=complainant)
    sizes = {q.queue.name: q.count for q in review_selectors.workbench(reviewer)}
    assert sizes["complaints"] == 2


def _drop_triggers() -> None:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "DROP TRIGGER complaints_complaint_tally_insert_delete ON complaints_complaint;"
                "DROP TRIGGER complaints_complaint_tally_update ON complaints_complaint"
            )
        else:
            for event in ("insert", "delete", "update"):
                cursor.execute(f"DROP TRIGGER complaints_complaint_tally_{event}")


@pytest.mark.django_db
def test_triggers_lost_in_a_table_rebuild_come_back_after_migrate(complainant, trademark):
    """SQLite drops a table's triggers when a migration rebuilds the table."""
    _drop_triggers()
    assert not tallies.installed(selectors.STATUS_TALLY)
    Complaint.objects.create(complainant=complainant, platform="taobao", reason="counterfeit")
    emit_post_migrate_signal(0, False, "default", plan=[])
    assert tallies.installed(selectors.STATUS_TALLY)
    assert selectors.status_counts(complainant) == {"draft": 1}  # counted again
    file(complainant, trademark, 40)
    assert_exact(complainant)


@pytest.mark.django_db
def test_the_manage_page_chart_reads_the_counts(client, complainant, trademark):
    file(complainant, trademark, 50)
    Tally.objects.create(name="complaints", scope=complainant.pk, key="closed", delta=7)
    client.force_login(complainant)
    body = client.get("/complaints/").content.decode()
    assert "Closed" in body.split('id="complaint-summary"')[1].split("</section>")[0]
