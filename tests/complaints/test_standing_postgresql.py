"""On PostgreSQL: the reviewers' complaint queue, members first then oldest, with the notifier's
figures joined in, is read in the order of the partial index complaint_review_queue (no sort of
the open complaints), on the first page and past a cursor; and the daily run's locks."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from complaints.models import Complaint, ComplaintStatus, QueuePriority
from core import claims
from core.keyset import beyond
from reviews import selectors as review_selectors
from tests.factories import UserFactory


@pytest.fixture
def postgresql():
    from tests.conftest import need

    need(connection.vendor == "postgresql", "PostgreSQL")


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db
def test_the_queue_order_is_served_by_its_partial_index(postgresql):
    owners = [UserFactory(identity_approved=True) for _ in range(20)]
    start = timezone.now() - datetime.timedelta(days=30)
    statuses = [ComplaintStatus.SUBMITTED, ComplaintStatus.IN_REVIEW, ComplaintStatus.CLOSED]
    Complaint.objects.bulk_create(
        Complaint(
            complainant=owners[n % 20],
            platform="taobao",
            reason="counterfeit",
            status=statuses[n % 3],
            priority=QueuePriority.GOOD_FAITH if n % 7 == 0 else QueuePriority.STANDARD,
            submitted_at=start + datetime.timedelta(minutes=n),
        )
        for n in range(20_000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE complaints_complaint")
    reviewer = UserFactory(reviewer=True)
    queue = claims.get_queue("complaints")

    qs = review_selectors._queue_rows_query(queue)
    first = _plan(qs[:51])
    assert "complaint_review_queue" in first and "Sort" not in first, first

    _q, rows, last = review_selectors.queue_page(reviewer, "complaints")
    assert [r.priority for r in rows][:1] == [QueuePriority.GOOD_FAITH]
    keys = review_selectors._cursor_keys(queue, (last.submitted_at, last.pk))
    deeper = qs.filter(beyond(Complaint, queue.ordering, keys, descending=False))[:51]
    plan = _plan(deeper)
    assert "complaint_review_queue" in plan and "Sort" not in plan, plan


@pytest.mark.django_db(transaction=True)
def test_two_daily_runs_at_once_act_once(postgresql):
    """Both runs read the same figures; the standing row's lock lets one act, the other finds
    the day done: one join, one warning, one notification of each."""
    import threading

    from django.db import connections

    from accounts.models import NotifierSanction, NotifierStanding
    from complaints import standing
    from core.models import Notification
    from tests.complaints.standing_factories import record

    member = UserFactory(identity_approved=True)
    record(member, taken_down=20)
    misuser = UserFactory(identity_approved=True)
    record(misuser, unfounded=20, taken_down=5)
    ids = sorted([member.pk, misuser.pk])
    barrier = threading.Barrier(2)
    done: list[int] = []

    def run():
        try:
            barrier.wait()
            done.append(standing.refresh_standings(account_ids=ids))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(done) == [0, 2] or sum(done) == 2
    assert NotifierStanding.objects.get(account=member).good_faith
    assert Notification.objects.filter(kind="good_faith_joined").count() == 1
    assert NotifierSanction.objects.filter(account=misuser).count() == 1
    assert Notification.objects.filter(kind="notifier_warning").count() == 1
