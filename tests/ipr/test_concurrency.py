"""Two reviewers deciding one IPR at the same moment: exactly one wins (PostgreSQL row lock)."""

import threading
import time

import pytest
from django.db import connection, connections

from core.errors import TransitionError
from core.models import AuditEvent
from ipr import services
from ipr.models import IPR
from ipr.services import review as review_services
from tests.factories import UserFactory

pytestmark = pytest.mark.services


@pytest.fixture
def postgres(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("row-lock concurrency is tested on PostgreSQL (CI)")


def _race(calls):
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the loser's error is the result
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


def test_two_reviewers_deciding_at_once_only_one_succeeds(postgres, make_ipr, monkeypatch):
    first = UserFactory(email="r1@example.com", reviewer=True)
    second = UserFactory(email="r2@example.com", reviewer=True)
    ipr = make_ipr()
    real_check = review_services._still_valid_today

    def slow_check(locked_ipr):
        time.sleep(0.3)  # hold the lock long enough for the other reviewer to queue behind it
        return real_check(locked_ipr)

    monkeypatch.setattr(review_services, "_still_valid_today", slow_check)
    results = _race(
        [
            lambda: services.approve_ipr(ipr=IPR.objects.get(pk=ipr.pk), actor=first),
            lambda: services.reject_ipr(
                ipr=IPR.objects.get(pk=ipr.pk), actor=second, code="illegible"
            ),
        ]
    )
    wins = [r for r in results if isinstance(r, IPR)]
    losses = [r for r in results if isinstance(r, TransitionError)]
    assert len(wins) == 1 and len(losses) == 1, results
    decisions = AuditEvent.objects.filter(
        target_id=str(ipr.pk), action__in=["ipr.authenticated", "ipr.rejected"]
    )
    assert decisions.count() == 1
    assert IPR.objects.get(pk=ipr.pk).status == wins[0].status


def test_two_reviewers_approving_at_once_approve_once(postgres, make_ipr):
    reviewers = [UserFactory(email=f"r{i}@example.com", reviewer=True) for i in range(2)]
    ipr = make_ipr()
    results = _race(
        [
            (lambda r=r: services.approve_ipr(ipr=IPR.objects.get(pk=ipr.pk), actor=r))
            for r in reviewers
        ]
    )
    assert sum(isinstance(r, IPR) for r in results) == 1, results
    assert AuditEvent.objects.filter(target_id=str(ipr.pk), action="ipr.authenticated").count() == 1


def test_sweep_and_reviewer_on_the_same_ipr_do_not_double_withdraw(postgres, make_ipr):
    import datetime

    reviewer = UserFactory(email="r9@example.com", reviewer=True)
    ipr = make_ipr(
        authenticated=True,
        expires_on=datetime.date(2000, 1, 2),
        registered_on=datetime.date(2000, 1, 1),
    )
    results = _race(
        [
            lambda: services.withdraw_expired(),
            lambda: services.mark_ipr_invalid(
                ipr=IPR.objects.get(pk=ipr.pk), actor=reviewer, text="Invalid"
            ),
        ]
    )
    moves = AuditEvent.objects.filter(target_id=str(ipr.pk), from_status="authenticated")
    assert moves.count() == 1, results
