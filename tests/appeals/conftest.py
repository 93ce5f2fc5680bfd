"""Appeal fixtures: a decision of each kind against its party, taken by `reviewer` (the first
decider), and a `second_reviewer` who may decide the appeal. Time frozen on Monday 2 March 2026."""

import datetime

import pytest
from django.db import transaction

from accounts.models import NotifierSanction, SanctionKind
from accounts.services import identity as identity_svc
from complaints.models import ItemOutcome
from ipr.services.review import reject_ipr
from reviews.services import decisions
from tests.accounts.test_identity_services import submit
from tests.factories import UserFactory
from tests.ipr.conftest import IPRFactory
from tests.reviews import conftest as review_fixtures
from tests.reviews.conftest import MONDAY, at, items_of  # noqa: F401 (used by the tests)

# The review app's fixtures, shared (assigned, so pytest finds them in this conftest).
complainant = review_fixtures.complainant
complaint = review_fixtures.complaint
frozen = review_fixtures.frozen
store = review_fixtures.store
trademark = review_fixtures.trademark

DAY = datetime.timedelta(days=1)


@pytest.fixture
def second_reviewer(db):
    return UserFactory(email="second@example.com", reviewer=True)


@pytest.fixture
def rejected_item(complaint, reviewer, frozen):
    item = items_of(complaint)[0]
    decisions.reject_item(item=item, actor=reviewer, reason="insufficient_proof", note="No photo")
    item.refresh_from_db()
    return item


@pytest.fixture
def upheld_item(complaint, reviewer, frozen):
    item = items_of(complaint)[1]
    decisions.accept_item(item=item, actor=reviewer, note="Logo copied")
    with transaction.atomic():
        decisions.uphold_item(
            item=item, actor=reviewer, outcome=ItemOutcome.COUNTER_NOTICE_REJECTED
        )
    item.refresh_from_db()
    return item


@pytest.fixture
def failed_ipr(complainant, reviewer, frozen):
    ipr = IPRFactory(owner=complainant, mark_word="ACME", nice_classes=[25])
    return reject_ipr(ipr=ipr, actor=reviewer, code="illegible", text="Blurred scan")


@pytest.fixture
def applicant(db):
    return UserFactory(email="applicant@example.com", contact_email="legal@applicant.example")


@pytest.fixture
def rejected_identity(applicant, reviewer, frozen):
    submission = submit(applicant)
    return identity_svc.reject_identity(
        submission=submission, reviewer=reviewer, reason="illegible", note="Blurred"
    )


@pytest.fixture
def sanction(complainant, frozen):
    return NotifierSanction.objects.create(
        account=complainant,
        kind=SanctionKind.WARNING,
        reason="12 of 20 notices manifestly unfounded in 90 days",
    )
