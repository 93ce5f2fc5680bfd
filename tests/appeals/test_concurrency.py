"""Contended appeal moves on PostgreSQL: two reviewers deciding one appeal at once, and one
appeal filed twice at once: exactly one succeeds."""

import pytest

from appeals.models import Appeal, AppealKind, AppealStatus
from core.models import AuditEvent
from tests.factories import UserFactory
from tests.reviews.test_concurrency import _need_postgres, _race

from .test_services import decide, file

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_reviewers_deciding_one_appeal_at_once_only_one_acts(rejected_item, complainant):
    _need_postgres()
    appeal = file(complainant, AppealKind.REJECTED_URL, rejected_item)
    reviewers = [UserFactory(email=f"race{i}@example.com", reviewer=True) for i in range(2)]

    def work(rev):
        return decide(appeal, rev, grant=rev is reviewers[0])

    results = _race(work, reviewers)
    assert sorted(kind for kind, _r in results) == ["error", "ok"], results
    appeal.refresh_from_db()
    assert appeal.status in (AppealStatus.GRANTED, AppealStatus.DISMISSED)
    decided = AuditEvent.objects.filter(action__in=["appeal.granted", "appeal.dismissed"])
    assert decided.count() == 1


def test_one_decision_appealed_twice_at_once_makes_one_appeal(rejected_item, complainant):
    _need_postgres()
    results = _race(
        lambda who: file(complainant, AppealKind.REJECTED_URL, rejected_item), ["a", "b"]
    )
    assert sorted(kind for kind, _r in results) == ["error", "ok"], results
    assert Appeal.objects.count() == 1
