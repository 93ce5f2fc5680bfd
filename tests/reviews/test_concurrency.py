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
