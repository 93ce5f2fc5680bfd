"""The reviewers' queue and the seller's list page by keyset at any depth, merge a seller's
stores in order, and keep their query budgets whatever the number of rows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from complaints.models import Complaint, ComplaintStatus
from reviews import selectors
from reviews.services import decisions
from tests.catalogue.factories import SellerFactory

from .conftest import file_validated, items_of, make_listings

MOMENT = timezone.make_aware(datetime.datetime(2026, 3, 2, 12, 0))


@pytest.mark.django_db
def test_queue_pages_cover_every_open_complaint_once_when_times_tie(reviewer, complainant):
    made = [
        Complaint.objects.create(
            complainant=complainant,
            platform="taobao",
            reason="counterfeit",
            status=ComplaintStatus.SUBMITTED if n % 2 else ComplaintStatus.IN_REVIEW,
            submitted_at=MOMENT,
        )
        for n in range(7)
    ]
    Complaint.objects.create(
        complainant=complainant, platform="taobao", reason="counterfeit", submitted_at=MOMENT
    )  # a draft: not in the queue
    seen, after = [], None
    while True:
        _queue, rows, last = selectors.queue_page(reviewer, "complaints", after, size=3)
        seen += [r.pk for r in rows]
        if last is None:
            break
        after = (last.age, last.pk)
    assert seen == sorted(c.pk for c in made)


@pytest.mark.django_db
def test_the_next_queue_page_is_bounded_by_one_row_comparison(reviewer, complaint):
    with CaptureQueriesContext(connection) as captured:
        selectors.queue_page(reviewer, "complaints", (complaint.submitted_at, complaint.pk))
    sql = captured[-1]["sql"]
    assert '"submitted_at", "complaints_complaint"."id") > (' in sql and " OR " not in sql


def _accept_all(complaint, reviewer) -> None:
    for item in items_of(complaint):
        decisions.accept_item(item=item, actor=reviewer)


@pytest.mark.django_db
def test_a_sellers_stores_are_merged_newest_decision_first_and_paged_without_loss(
    reviewer, seller, complainant, trademark, store, frozen
):
    second = SellerFactory(platform="taobao", store_name="Second Shop", account=seller)
    for n, shop in enumerate([store, second, store, second, store]):
        _accept_all(
            file_validated(complainant, trademark, make_listings(shop, 1, 730_000_000_000 + n)),
            reviewer,
        )
        frozen.shift(60)
    everything = list(selectors.seller_items(seller).values_list("pk", flat=True))
    seen, after = [], None
    while True:
        rows, last = selectors.seller_page(seller, after, size=2)
        seen += [r.pk for r in rows]
        if last is None:
            break
        after = (last.decided_at, last.pk)
    assert seen == everything and len(seen) == 5
    assert {r.seller_id for r in selectors.seller_page(seller, size=5)[0]} == {store.pk, second.pk}


@pytest.mark.django_db
def test_seller_home_links_to_older_decisions(
    client, reviewer, seller, complainant, trademark, store, monkeypatch
):
    _accept_all(
        file_validated(complainant, trademark, make_listings(store, 3, 740_000_000_000)), reviewer
    )
    monkeypatch.setattr(selectors, "SELLER_PAGE", 2)
    client.force_login(seller)
    first = client.get("/review/seller/").content.decode()
    assert first.count('<tr data-item="') == 2 and 'id="seller-items-older"' in first
    link = first.split('id="seller-items-older"')[0].rsplit('href="', 1)[1].split('"')[0]
    second = client.get("/review/seller/" + link.replace("&amp;", "&")).content.decode()
    assert second.count('<tr data-item="') == 1 and 'id="seller-items-older"' not in second


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/review/", "/api/v1/review/queues/"])
def test_the_workbench_queries_do_not_grow_with_the_queue(
    client, reviewer, complainant, trademark, store, url
):
    file_validated(complainant, trademark, make_listings(store, 1, 750_000_000_000))
    client.force_login(reviewer)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    for n in range(1, 6):
        file_validated(complainant, trademark, make_listings(store, 1, 750_000_000_000 + n))
    with CaptureQueriesContext(connection) as six:
        body = client.get(url)
    assert len(six) == len(one)
    if url.startswith("/api/"):
        sizes = {q["name"]: q["count"] for q in body.json()}
        assert sizes["complaints"] == 6


@pytest.mark.django_db
def test_the_workbench_counts_claims_on_open_items_only(reviewer, complainant, trademark, store):
    from core import claims

    open_one = file_validated(complainant, trademark, make_listings(store, 1, 760_000_000_000))
    closed = file_validated(complainant, trademark, make_listings(store, 1, 760_000_000_001))
    claims.claim(queue_name="complaints", item=open_one, reviewer=reviewer)
    claims.claim(queue_name="complaints", item=closed, reviewer=reviewer)
    Complaint.objects.filter(pk=closed.pk).update(status=ComplaintStatus.WITHDRAWN)
    summary = {q.queue.name: q for q in selectors.workbench(reviewer)}
    assert (summary["complaints"].count, summary["complaints"].claimed) == (1, 1)
    assert summary["iprs"].claimed == 0


@pytest.mark.django_db
def test_the_complaint_queues_oldest_item_is_the_oldest_of_every_priority(
    reviewer, complainant, trademark, store
):
    """The queue is read good-faith notifiers first; its oldest item is still the oldest one
    waiting, whatever its priority (read per priority from the queue's index)."""
    from complaints.models import QueuePriority

    first, second, third = (
        file_validated(complainant, trademark, make_listings(store, 1, 770_000_000_000 + n))
        for n in range(3)
    )
    base = timezone.now() - datetime.timedelta(days=10)
    for complaint, days, priority in (
        (first, 3, QueuePriority.STANDARD),
        (second, 1, min(QueuePriority.values)),
        (third, 2, QueuePriority.STANDARD),
    ):
        Complaint.objects.filter(pk=complaint.pk).update(
            submitted_at=base + datetime.timedelta(days=days), priority=priority
        )

    def oldest():
        return {q.queue.name: q for q in selectors.workbench(reviewer)}["complaints"].oldest

    assert oldest() == base + datetime.timedelta(days=1)
    Complaint.objects.filter(pk=second.pk).update(status=ComplaintStatus.WITHDRAWN)
    assert oldest() == base + datetime.timedelta(days=2)
    Complaint.objects.filter(pk__in=[first.pk, third.pk]).update(status=ComplaintStatus.WITHDRAWN)
    assert oldest() is None


def _counted_queues():
    from core import claims

    return [queue for queue in claims.queues() if queue.size is None]


@pytest.mark.django_db
def test_the_workbench_counts_each_small_queue_as_its_queryset_does(reviewer, complainant):
    """The queues without a maintained count are counted in one statement compiled once per
    process: the same sizes and oldest ages as each queue's own queryset, empty queues too."""
    from django.db.models import Count, Min

    from tests.ipr.conftest import IPRFactory

    base = timezone.now() - datetime.timedelta(days=5)
    for days in (3, 1, 2):
        IPRFactory(owner=complainant, submitted_at=base + datetime.timedelta(days=days))
    IPRFactory(owner=complainant, authenticated=True, submitted_at=base)  # not waiting
    with CaptureQueriesContext(connection) as queries:
        summary = {q.queue.name: q for q in selectors.workbench(reviewer)}
    assert summary["iprs"].count == 3
    assert summary["iprs"].oldest == base + datetime.timedelta(days=1)
    for queue in _counted_queues():
        expected = queue.queryset().aggregate(n=Count("pk"), oldest=Min(queue.age_field))
        got = summary[queue.name]
        assert (got.count, got.oldest) == (expected["n"], expected["oldest"]), queue.name
    counting = [q for q in queries if "UNION ALL" in q["sql"]]
    assert len(counting) == 1 and len(_counted_queues()) > 1


@pytest.mark.django_db
def test_each_small_queue_is_the_same_query_at_any_time_and_in_any_language():
    """The Workbench keeps each small queue's compiled count for the life of the process, so a
    queue's queryset may name no moment, person or language (core.claims.Queue)."""
    from django.utils import translation

    from .conftest import at

    def compiled():
        return [queue.queryset().order_by().query.sql_with_params() for queue in _counted_queues()]

    with at(MOMENT), translation.override("en"):
        first = compiled()
    with at(MOMENT + datetime.timedelta(days=400)), translation.override("zh-hans"):
        assert compiled() == first


@pytest.mark.django_db
def test_postgresql_connections_plan_without_memoize():
    """ipp/settings.py: a Memoize node's hash table is sized for every row a join could see,
    not for a page's LIMIT; on a seller's page of fifty URLs at 100,000 complaints the two it
    chose cost more to set up than the page's rows did to read (make bench)."""
    from tests.conftest import need

    need(connection.vendor == "postgresql", "PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("SHOW enable_memoize")
        assert cursor.fetchone() == ("off",)
