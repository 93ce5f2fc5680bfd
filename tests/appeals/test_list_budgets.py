"""My appeals (page and API) and the reviewers' appeal queue keep their query budgets whatever
the number of appeals."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from appeals.models import Appeal, AppealKind
from tests.files import proof_document
from tests.ipr.conftest import IPRFactory


def _appeals(owner, reviewer, n):
    for _ in range(n):
        ipr = IPRFactory(owner=owner, failed=True, decided_by=reviewer)
        appeal = Appeal.objects.create(
            kind=AppealKind.IPR_REJECTION,
            ipr=ipr,
            appellant=owner,
            statement="Please look again.",
            decision_at=timezone.now(),
            first_decider=reviewer,
        )
        appeal.evidence.add(proof_document(owner))


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url, who",
    [
        (reverse("appeals:list"), "owner"),
        ("/api/v1/appeals/", "owner"),
        (reverse("reviews:queue", args=["appeals"]), "reviewer"),
        (reverse("reviews:workbench"), "reviewer"),
    ],
)
def test_the_list_queries_do_not_grow_with_the_appeals(rights_owner, reviewer, url, who):
    client = Client()
    client.force_login(rights_owner if who == "owner" else reviewer)
    _appeals(rights_owner, reviewer, 1)
    one = _count(client, url)
    _appeals(rights_owner, reviewer, 6)
    seven = _count(client, url)
    assert seven == one, f"{url}: {one} queries for one appeal, {seven} for seven"
    assert one <= 25
