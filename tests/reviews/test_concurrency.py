"""Contended transitions on PostgreSQL: two reviewers at once must not both succeed."""

import threading

import pytest
from django.db import connection

from reviews.services import decisions
from reviews.services.workbench import claim_next_item
from tests.factories import UserFactory

from .conftest import file_validated, items_of, make_listings

pytestmark = pytest.mark.django_db(transaction=True)


def _race(work, actors):
    results, barrier = [], threading.Barrier(len(actors))

    def run(actor):
        try:
            barrier.wait()
            results.append(("ok", work(actor)))
        except Exception as exc:  # noqa: BLE001
            results.append(("error", exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _need_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this)")


def test_two_reviewers_deciding_one_url_at_once_only_one_succeeds(complainant, trademark, store):
    _need_postgres()
    complaint = file_validated(complainant, trademark, make_listings(store, 1))
    item = items_of(complaint)[0]
    reviewers = [UserFactory(email=f"race{i}@example.com", reviewer=True) for i in range(2)]

    def work(rev):
        if rev is reviewers[0]:
            return decisions.accept_item(item=item, actor=rev)
        return decisions.reject_item(item=item, actor=rev, reason="insufficient_proof")

    results = _race(work, reviewers)
    assert sorted(kind for kind, _r in results) == ["error", "ok"]
    item.refresh_from_db()
    from core.models import AuditEvent

    decided = AuditEvent.objects.filter(action__in=["url.accepted", "url.rejected"]).count()
    assert decided == 1


def test_two_reviewers_claiming_the_next_complaint_get_different_ones(
    complainant, trademark, store
):
    _need_postgres()
    for n in range(4):
        file_validated(complainant, trademark, make_listings(store, 1, 800_000_000_000 + n))
    reviewers = [UserFactory(email=f"claim{i}@example.com", reviewer=True) for i in range(2)]
    results = _race(lambda rev: claim_next_item(queue_name="complaints", reviewer=rev), reviewers)
    got = [r.pk for kind, r in results if kind == "ok" and r is not None]
    assert all(kind == "ok" for kind, _r in results), results
    assert len(got) == 2 and len(set(got)) == 2


def test_counter_notice_racing_the_deadline_task_neither_deadlocks_nor_double_acts(
    complainant, trademark, store, seller, reviewer
):
    """The former deadlock: `apply_deadline` locked the deadline, then the complaint, while
    `submit_counter_notice` locked the complaint, then the deadline. A trigger slows the
    counter-notice by 1.2 s inside its transaction (after its window check, holding its locks)
    while the window falls due and the deadline task runs: both now lock in one order."""
    import datetime
    import time

    from django.utils import timezone

    from complaints.models import ItemStatus
    from reviews.models import CounterNotice, Deadline, DeadlineStatus
    from reviews.services import counter_notices as cn
    from reviews.services.deadlines import apply_deadline

    _need_postgres()
    complaint = file_validated(complainant, trademark, make_listings(store, 1))
    item = decisions.accept_item(item=items_of(complaint)[0], actor=reviewer)
    deadline = Deadline.objects.get(item=item, status=DeadlineStatus.OPEN)
    Deadline.objects.filter(pk=deadline.pk).update(
        due_at=timezone.now() + datetime.timedelta(milliseconds=600)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION ipp_test_slow() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_sleep(1.2); RETURN NEW; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER ipp_test_slow BEFORE INSERT ON reviews_counternotice "
            "FOR EACH ROW EXECUTE FUNCTION ipp_test_slow()"
        )
    results: dict = {}

    def counter_notify():
        try:
            results["notice"] = cn.submit_counter_notice(
                item=item,
                actor=seller,
                data=cn.CounterNoticeInput(grounds="genuine_goods", statement="Genuine."),
            )
        except Exception as exc:  # noqa: BLE001
            results["notice"] = exc
        finally:
            connection.close()

    def lapse():
        time.sleep(0.8)  # the window is now due, the counter-notice still in its transaction
        try:
            results["deadline"] = apply_deadline(deadline_id=deadline.pk)
        except Exception as exc:  # noqa: BLE001
            results["deadline"] = exc
        finally:
            connection.close()

    try:
        threads = [threading.Thread(target=counter_notify), threading.Thread(target=lapse)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER ipp_test_slow ON reviews_counternotice")
            cursor.execute("DROP FUNCTION ipp_test_slow()")
    assert isinstance(results["notice"], CounterNotice), results
    assert results["deadline"] is None, results  # it waited, then found the window answered
    deadline.refresh_from_db()
    item.refresh_from_db()
    assert deadline.status == DeadlineStatus.MET
    assert item.status == ItemStatus.ACCEPTED
