"""IPR Management costs the same whatever the number of IPRs: a query budget that does not grow
with rows, keyset pages that walk the whole list once, and per-status tabs read from the
maintained counts, exact after every change."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from ipr import selectors
from ipr.models import IPR, IPRStatus
from tests.ipr.conftest import IPRFactory


def add_iprs(owner, n: int, **traits) -> list[IPR]:
    start = timezone.now()
    return [
        IPRFactory(owner=owner, created_at=start - datetime.timedelta(minutes=i), **traits)
        for i in range(n)
    ]


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/ipr/", "/ipr/?status=authenticated", "/api/v1/iprs/"])
def test_ipr_list_queries_do_not_grow_with_iprs(client, rights_owner, url):
    add_iprs(rights_owner, 1, authenticated=True)
    client.force_login(rights_owner)
    queries(client, url)  # warm the session's bookkeeping
    one = queries(client, url)
    add_iprs(rights_owner, 40, authenticated=True)
    add_iprs(rights_owner, 5, failed=True)
    assert queries(client, url) == one
    assert one <= 20


@pytest.mark.django_db
def test_keyset_pages_walk_every_ipr_once_newest_first(client, rights_owner, outsider):
    mine = add_iprs(rights_owner, 30)
    add_iprs(outsider, 3)
    # two IPRs created at the same moment are told apart by id
    IPR.objects.filter(pk__in=[mine[3].pk, mine[4].pk]).update(created_at=mine[3].created_at)
    seen, cursor = [], ""
    while True:
        rows, cursor = selectors.owner_page(rights_owner, cursor=cursor, size=7)
        seen += [row.pk for row in rows]
        if not cursor:
            break
    expected = list(
        IPR.objects.filter(owner=rights_owner)
        .order_by("-created_at", "-id")
        .values_list("pk", flat=True)
    )
    assert seen == expected


@pytest.mark.django_db
def test_the_page_offers_the_next_page_and_a_damaged_cursor_is_refused(client, rights_owner):
    add_iprs(rights_owner, 30)
    client.force_login(rights_owner)
    first = client.get("/ipr/").content.decode()
    assert 'id="ipr-older"' in first
    cursor = first.split("after=")[1].split('"')[0]
    second = client.get(f"/ipr/?after={cursor}")
    assert second.status_code == 200
    assert second.content.decode().count('data-ipr="') == 5
    assert client.get("/ipr/?after=not-a-cursor").status_code == 400


@pytest.mark.django_db
def test_status_tabs_count_exactly_after_each_change(client, rights_owner, outsider):
    add_iprs(rights_owner, 3, authenticated=True)
    failed = add_iprs(rights_owner, 2, failed=True)
    add_iprs(outsider, 4, authenticated=True)
    assert selectors.status_counts(rights_owner) == {"authenticated": 3, "failed": 2}
    IPR.objects.filter(pk=failed[0].pk).update(status=IPRStatus.WITHDRAWN)
    failed[1].delete()
    assert selectors.status_counts(rights_owner) == {"authenticated": 3, "withdrawn": 1}
    assert selectors.status_counts()["authenticated"] == 7
    client.force_login(rights_owner)
    page = client.get("/ipr/").content.decode()
    assert "All <span" in page and '<span class="count">4</span>' in page
