import threading

import pytest
from django.db import connection

from accounts.models import IdentitySubmission
from core import claims
from core.errors import TransitionError
from core.models import AuditEvent, Claim
from tests.accounts.test_identity_services import submit
from tests.factories import UserFactory

QUEUE = claims.Queue(
    name="test-identity",
    label="Identity",
    age_field="submitted_at",
    queryset=lambda: IdentitySubmission.objects.filter(status="submitted"),
    url=lambda s: f"/staff/identity/{s.pk}/",
)


@pytest.fixture(autouse=True)
def _queue():
    claims.register_queue(QUEUE)


def owners(n):
    return [
        submit(UserFactory(email=f"c{i}@example.com"), complainant_name=f"Owner {i}")
        for i in range(n)
    ]


@pytest.mark.django_db
def test_claim_next_takes_the_oldest_unclaimed_and_skips_claimed(reviewer):
    first, second, _third = owners(3)
    other = UserFactory(email="rev2@example.com", reviewer=True)
    assert claims.claim_next(queue_name=QUEUE.name, reviewer=reviewer) == first
    assert claims.claim_next(queue_name=QUEUE.name, reviewer=other) == second
    assert claims.holder_of(QUEUE.name, first) == reviewer
    listed = list(claims.open_items(QUEUE))
    assert [(s.pk, s.is_claimed) for s in listed][:2] == [(first.pk, True), (second.pk, True)]
    assert AuditEvent.objects.filter(action="claim.taken").count() == 2


@pytest.mark.django_db
def test_an_item_held_by_one_reviewer_cannot_be_claimed_by_another(reviewer):
    (item,) = owners(1)
    other = UserFactory(email="rev2@example.com", reviewer=True)
    claims.claim(queue_name=QUEUE.name, item=item, reviewer=reviewer)
    claims.claim(queue_name=QUEUE.name, item=item, reviewer=reviewer)  # idempotent for holder
    with pytest.raises(TransitionError, match="Another reviewer"):
        claims.claim(queue_name=QUEUE.name, item=item, reviewer=other)
    claims.release(queue_name=QUEUE.name, item=item, reviewer=reviewer)
    assert claims.claim(queue_name=QUEUE.name, item=item, reviewer=other).reviewer == other
    assert Claim.objects.filter(active=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_concurrent_claim_next_never_hands_out_the_same_item():
    if connection.vendor != "postgresql":
        pytest.skip("SKIP LOCKED row locks need PostgreSQL (CI runs this)")
    owners(6)
    reviewers = [UserFactory(email=f"r{i}@example.com", reviewer=True) for i in range(6)]
    got, errors = [], []
    barrier = threading.Barrier(6)

    def work(rev):
        try:
            barrier.wait()
            item = claims.claim_next(queue_name=QUEUE.name, reviewer=rev)
            got.append(item.pk if item else None)
        except Exception as exc:  # noqa: BLE001
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(r,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    taken = [pk for pk in got if pk is not None]
    assert len(taken) == len(set(taken)) == 6
