"""Pages and API of accuracy, the tier and the policy; the reviewers' queue ordered members first
with the notifier's figures beside each complaint; query budgets."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from complaints.models import QueuePriority
from complaints.tasks import refresh_notifier_standings
from core import claims
from reviews import selectors as review_selectors
from tests.complaints.standing_factories import ComplaintFactory, record, suspend
from tests.factories import UserFactory, api_token_for

NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def owner(db):
    return UserFactory(
        email="brand@example.com", identity_approved=True, complainant_name="Acme Brands Ltd"
    )


@pytest.fixture
def reviewer(db):
    return UserFactory(email="reviewer@example.com", reviewer=True)


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


# --- Your accuracy -----------------------------------------------------------------------------
def test_accuracy_page_shows_figures_chart_and_tier(frozen, owner, client):
    record(owner, taken_down=19, rejected=1)
    record(owner, reason="trademark_other", taken_down=4, overturned=1)
    refresh_notifier_standings()
    client.force_login(owner)
    page = client.get(reverse("complaints:accuracy")).content.decode()
    assert 'id="tier-badge">Good-faith notifier' in page
    assert 'id="takedown-rate">96.0%' in page  # 24 of 25
    assert 'id="overturned-rate">4.2%' in page  # 1 of 24
    assert 'class="chart"' in page and "<svg" in page
    assert 'data-reason="counterfeit"' in page and 'data-reason="trademark_other"' in page
    assert reverse("help:notice_policy") in page


def test_accuracy_page_lists_sanctions_and_the_suspension(frozen, owner, client):
    suspend(owner)
    client.force_login(owner)
    page = client.get(reverse("complaints:accuracy")).content.decode()
    assert 'id="suspension-alert"' in page and "2026-07-01" in page
    assert "Too many manifestly unfounded notices." in page


@pytest.mark.parametrize("who", ["seller", "reviewer"])
def test_accuracy_is_only_for_rights_owners(db, client, who):
    user = UserFactory(**{who: True})
    client.force_login(user)
    assert client.get(reverse("complaints:accuracy")).status_code == 404
    client.logout()
    token = api_token_for(user)
    answer = client.get("/api/v1/account/accuracy/", HTTP_AUTHORIZATION=f"Token {token}")
    assert answer.status_code == 404


def test_accuracy_needs_signing_in(db, client):
    assert client.get(reverse("complaints:accuracy")).status_code == 302
    assert client.get("/api/v1/account/accuracy/").status_code in (401, 403)


def test_accuracy_api_gives_the_page_figures(frozen, owner, client):
    record(owner, taken_down=19, rejected=1)
    refresh_notifier_standings()
    token = api_token_for(owner)
    data = client.get("/api/v1/account/accuracy/", HTTP_AUTHORIZATION=f"Token {token}").json()
    assert data["window_days"] == 90
    assert data["overall"]["decided"] == 20 and data["overall"]["takedown_rate"] == "95.0"
    assert data["by_reason"][0]["reason"] == "counterfeit"
    assert data["tier"]["good_faith"] is True
    assert data["sanctions"] == [] and data["filing_suspended_until"] is None
    assert data["policy"]["good_faith"]["min_takedown_rate"] == 90
    assert data["policy"]["misuse"]["unfounded_reasons"] == [
        "ipr_mismatch",
        "use_not_located",
        "not_infringement",
    ]


def test_api_schema_documents_the_accuracy_endpoint(db, client):
    schema = client.get("/api/schema/").content.decode()
    assert "/api/v1/account/accuracy/" in schema


@pytest.mark.parametrize("n", [2, 40])
def test_accuracy_page_query_budget(frozen, owner, client, n, django_assert_max_num_queries):
    for reason in ("counterfeit", "trademark_other", "copyright_image"):
        record(owner, reason=reason, taken_down=n, rejected=1, overturned=1)
    client.force_login(owner)
    with django_assert_max_num_queries(12):
        client.get(reverse("complaints:accuracy"))


def test_accuracy_page_queries_do_not_grow(frozen, owner, client):
    client.force_login(owner)
    record(owner, taken_down=2)
    few = _queries(client, reverse("complaints:accuracy"))
    for reason in ("counterfeit", "trademark_other", "copyright_image"):
        record(owner, reason=reason, taken_down=30, rejected=3, overturned=2)
    assert _queries(client, reverse("complaints:accuracy")) == few


# --- the published policy ------------------------------------------------------------------------
def test_policy_page_states_the_numbers_in_force(db, client, settings):
    page = client.get(reverse("help:notice_policy")).content.decode()
    assert "at least 90%" in page and "at most 5%" in page and "at least 20 decided" in page
    assert "suspended for 30 days" in page
    settings.IPP = {
        **settings.IPP,
        "MISUSE_SUSPENSION_DAYS": 14,
        "GOOD_FAITH_MIN_TAKEDOWN_RATE": 95,
    }
    page = client.get(reverse("help:notice_policy")).content.decode()
    assert "suspended for 14 days" in page and "at least 95%" in page
    home = client.get("/").content.decode()
    assert reverse("help:notice_policy") in home  # footer link


# --- the reviewers' queue ------------------------------------------------------------------------
def _queued(owner, *, hours_ago: int, priority=QueuePriority.STANDARD):
    return ComplaintFactory(
        complainant=owner,
        queued=True,
        priority=priority,
        submitted_at=NOW - datetime.timedelta(hours=hours_ago),
    )


def _members_and_others(owner):
    record(owner, taken_down=20)
    other = UserFactory(identity_approved=True, complainant_name="Other Brand")
    record(other, taken_down=10, rejected=10)
    refresh_notifier_standings()
    return other


def test_queue_orders_members_first_then_oldest_with_keyset_pages(frozen, owner, reviewer):
    other = _members_and_others(owner)
    old = [_queued(other, hours_ago=h) for h in (50, 40, 30)]
    member = [_queued(owner, hours_ago=h, priority=QueuePriority.GOOD_FAITH) for h in (5, 1)]
    _q, first, last = review_selectors.queue_page(reviewer, "complaints", size=3)
    assert [c.pk for c in first] == [member[0].pk, member[1].pk, old[0].pk]
    assert first[0].notifier_good_faith is True and first[2].notifier_good_faith is False
    _q, second, _ = review_selectors.queue_page(
        reviewer, "complaints", after=(last.submitted_at, last.pk), size=3
    )
    assert [c.pk for c in second] == [old[1].pk, old[2].pk]
    claimed = claims.claim_next(queue_name="complaints", reviewer=reviewer)
    assert claimed.pk == member[0].pk


def test_queue_page_shows_tier_and_rates_beside_each_complaint(frozen, owner, reviewer, client):
    other = _members_and_others(owner)
    _queued(other, hours_ago=30)
    _queued(owner, hours_ago=1, priority=QueuePriority.GOOD_FAITH)
    client.force_login(reviewer)
    page = client.get(reverse("reviews:queue", args=["complaints"])).content.decode()
    rows = page.split('<tr data-pk="')[1:]
    assert "Good-faith notifier" in rows[0] and "Taken down 100.0%" in rows[0]
    assert "Good-faith notifier" not in rows[1] and "Taken down 50.0%" in rows[1]
    assert "overturned 0.0%" in rows[1]


def test_queue_page_queries_do_not_grow_with_rows(frozen, owner, reviewer, client):
    other = _members_and_others(owner)
    client.force_login(reviewer)
    url = reverse("reviews:queue", args=["complaints"])
    for h in range(3):
        _queued(other, hours_ago=h + 10)
        _queued(owner, hours_ago=h, priority=QueuePriority.GOOD_FAITH)
    few = _queries(client, url)
    for h in range(30):
        _queued(other, hours_ago=h + 100)
        _queued(UserFactory(identity_approved=True), hours_ago=h + 200)
    assert _queries(client, url) == few
    assert few <= 12


def test_complaint_review_page_shows_the_notifier_figures(frozen, owner, reviewer, client):
    _members_and_others(owner)
    complaint = _queued(owner, hours_ago=1, priority=QueuePriority.GOOD_FAITH)
    client.force_login(reviewer)
    page = client.get(reverse("reviews:complaint", args=[complaint.pk])).content.decode()
    section = page.split('id="notifier-accuracy"')[1][:800]
    assert "Good-faith notifier" in section and "100.0%" in section and "20 URLs decided" in section


# --- filing: priority and the lighter checklist -------------------------------------------------
def test_a_members_complaint_is_filed_with_priority_and_the_lighter_checklist(frozen, owner):
    from complaints import services as complaint_svc
    from tests.catalogue.factories import ListingFactory
    from tests.complaints.conftest import url_of
    from tests.ipr.conftest import IPRFactory

    ipr = IPRFactory(owner=owner, authenticated=True)
    data = complaint_svc.ComplaintInput(
        platform="taobao", ipr=ipr, reason="counterfeit", urls=url_of(ListingFactory())
    )
    with pytest.raises(Exception, match="needs proof"):
        complaint_svc.file_complaint(complainant=owner, data=data)
    record(owner, taken_down=20)
    refresh_notifier_standings()
    complaint = complaint_svc.file_complaint(complainant=owner, data=data)  # no proof needed
    assert complaint.priority == QueuePriority.GOOD_FAITH


def test_the_form_shows_members_the_lighter_checklist(frozen, owner, client):
    from tests.ipr.conftest import IPRFactory

    IPRFactory(owner=owner, authenticated=True)
    client.force_login(owner)
    assert 'id="good-faith-proof"' not in client.get(reverse("complaints:new")).content.decode()
    record(owner, taken_down=20)
    refresh_notifier_standings()
    page = client.get(reverse("complaints:new") + "?reason=counterfeit").content.decode()
    assert 'id="good-faith-proof"' in page


def test_queue_api_gives_the_notifier_figures(frozen, owner, reviewer, client):
    other = _members_and_others(owner)
    _queued(other, hours_ago=30)
    member = _queued(owner, hours_ago=1, priority=QueuePriority.GOOD_FAITH)
    token = api_token_for(reviewer)
    rows = client.get(
        "/api/v1/review/queues/complaints/", HTTP_AUTHORIZATION=f"Token {token}"
    ).json()
    assert rows[0]["id"] == member.pk
    assert (rows[0]["notifier_good_faith"], rows[0]["notifier_takedown_rate"]) == (True, "100.0")
    assert (rows[1]["notifier_good_faith"], rows[1]["notifier_takedown_rate"]) == (False, "50.0")
    assert rows[1]["notifier_overturned_rate"] == "0.0"
