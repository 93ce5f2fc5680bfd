"""Accuracy, the good-faith tier and the notice misuse policy (complaints.standing with
accounts.services.standing), with time frozen."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from accounts.models import (
    NotifierSanction,
    NotifierStanding,
    SanctionKind,
    SanctionStatus,
)
from accounts.selectors import filing_block_action, filing_block_reason
from accounts.services.standing import lift_sanction
from complaints import standing
from complaints.models import ComplaintItem, ItemOutcome, ItemStatus
from complaints.tasks import refresh_notifier_standings
from core.errors import DomainError, TransitionError
from core.models import AuditEvent, Notification, OutboxMessage
from tests.complaints.standing_factories import ComplaintItemFactory, record, suspend
from tests.factories import UserFactory

NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def frozen():
    with at(NOW) as traveller:
        yield traveller


@pytest.fixture
def owner(db):
    return UserFactory(
        email="brand@example.com", identity_approved=True, complainant_name="Acme Brands Ltd"
    )


def _standing(owner) -> NotifierStanding:
    return NotifierStanding.objects.get(account=owner)


def _run(now: datetime.datetime | None = None) -> int:
    if now is None:
        return refresh_notifier_standings()
    with at(now):
        return refresh_notifier_standings()


# --- figures ------------------------------------------------------------------------------------
def test_rates_overall_and_per_reason_on_a_known_set(frozen, owner):
    day = datetime.timedelta(days=1)
    record(owner, taken_down=6, rejected=1, unfounded=1, overturned=2, decided_at=NOW - 10 * day)
    record(owner, reason="trademark_other", taken_down=3, unfounded=1, decided_at=NOW - 89 * day)
    # Not counted: decided before the window, another owner's, and URLs not decided.
    record(owner, taken_down=5, rejected=5, decided_at=NOW - 91 * day)
    record(UserFactory(identity_approved=True), rejected=7)
    ComplaintItemFactory(
        complaint=record(owner), status=ItemStatus.VALID, decided_at=None, outcome=""
    )
    # A takedown withdrawn with its complaint still counts as taken down.
    ComplaintItemFactory(
        complaint=record(owner, reason="trademark_other"),
        status=ItemStatus.WITHDRAWN,
        outcome=ItemOutcome.COMPLAINT_WITHDRAWN,
    )

    accuracy = standing.accuracy_for(owner)

    overall = accuracy.overall
    assert (overall.decided, overall.taken_down, overall.overturned, overall.unfounded) == (
        15,
        12,
        2,
        2,
    )
    assert overall.takedown_rate == Decimal("80.0")
    assert overall.overturned_rate == Decimal("16.7")
    counterfeit = accuracy.by_reason["counterfeit"]
    assert (counterfeit.decided, counterfeit.taken_down, counterfeit.overturned) == (10, 8, 2)
    assert counterfeit.takedown_rate == Decimal("80.0")
    assert counterfeit.overturned_rate == Decimal("25.0")
    other = accuracy.by_reason["trademark_other"]
    assert (other.decided, other.taken_down, other.overturned) == (5, 4, 0)
    assert other.takedown_rate == Decimal("80.0") and other.overturned_rate == Decimal("0.0")
    assert [code for code, _label, _f in accuracy.reasons()] == ["counterfeit", "trademark_other"]


def test_accuracy_is_one_query_whatever_the_number_of_urls(
    frozen, owner, django_assert_num_queries
):
    record(owner, taken_down=40, rejected=3, overturned=2)
    record(owner, reason="trademark_other", taken_down=10)
    with django_assert_num_queries(1):
        standing.accuracy_for(owner)


def test_nothing_decided_gives_no_rates(frozen, owner):
    accuracy = standing.accuracy_for(owner)
    assert accuracy.overall.decided == 0
    assert accuracy.overall.takedown_rate is None and accuracy.overall.overturned_rate is None
    assert standing.qualifies(accuracy) is None


# --- the tier -----------------------------------------------------------------------------------
def test_joins_at_the_thresholds_exactly(frozen, owner):
    record(owner, taken_down=35, overturned=2, rejected=3)  # 37 of 40 = 92.5 %, 2/37 = 5.4 %
    _run()
    assert not _standing(owner).good_faith
    other = UserFactory(identity_approved=True)
    record(other, taken_down=17, overturned=1, rejected=2)  # 18 of 20 = 90 %, 1 of 18 = 5.6 %
    third = UserFactory(identity_approved=True)
    record(third, taken_down=19, overturned=1, rejected=0)  # 100 %, 1 of 20 = 5 %
    fourth = UserFactory(identity_approved=True)
    record(fourth, taken_down=18, rejected=2)  # 18 of 20 = 90 %, 0 %
    with at(NOW + datetime.timedelta(days=1)):
        _run()
    assert not _standing(other).good_faith  # overturned above 5 %
    assert _standing(third).good_faith  # overturned exactly 5 %
    assert _standing(fourth).good_faith  # taken down exactly 90 %


def test_does_not_join_below_the_takedown_threshold_or_the_volume(frozen, owner):
    record(owner, taken_down=17, rejected=3)  # 85 %
    small = UserFactory(identity_approved=True)
    record(small, taken_down=19)  # 100 % but 19 decided, under the minimum of 20
    _run()
    assert not _standing(owner).good_faith and _standing(owner).takedown_rate == Decimal("85.0")
    assert not _standing(small).good_faith
    assert not Notification.objects.filter(kind="good_faith_joined").exists()


def test_join_notifies_with_the_figures(frozen, owner):
    record(owner, taken_down=19, rejected=1)
    _run()
    row = _standing(owner)
    assert row.good_faith and row.since == NOW
    assert (row.decided, row.taken_down, row.takedown_rate) == (20, 19, Decimal("95.0"))
    note = Notification.objects.get(user=owner, kind="good_faith_joined")
    assert "95.0%" in note.title and "0.0%" in note.title
    assert note.link == "/complaints/accuracy/"
    email = OutboxMessage.objects.get(kwargs__template="good_faith_joined")
    assert email.kwargs["context"]["decided"] == 20
    assert email.kwargs["context"]["takedown_rate"] == "95.0"
    audit = AuditEvent.objects.get(action="standing.good_faith_joined")
    assert audit.target_id == str(owner.pk) and audit.data["taken_down"] == 19


def test_leaves_when_falling_below_then_waits_three_months_to_rejoin(frozen, owner):
    record(owner, taken_down=20)
    _run()
    assert _standing(owner).good_faith

    later = NOW + datetime.timedelta(days=10)
    record(owner, rejected=10, decided_at=later - datetime.timedelta(hours=1))  # 20 of 30
    _run(later)
    row = _standing(owner)
    assert not row.good_faith and row.left_at == later
    assert row.rejoin_after == later + datetime.timedelta(days=90)
    note = Notification.objects.get(user=owner, kind="good_faith_left")
    assert "66.7%" in note.title and row.rejoin_after.date().isoformat() in note.title
    assert AuditEvent.objects.filter(action="standing.good_faith_left").count() == 1

    # Accurate again 60 days later (the rejections left the window): still waiting.
    back = later + datetime.timedelta(days=95)
    record(owner, taken_down=30, decided_at=back - datetime.timedelta(days=5))
    _run(later + datetime.timedelta(days=60))
    assert not _standing(owner).good_faith
    # The wait is over: it rejoins.
    _run(back)
    row = _standing(owner)
    assert row.good_faith and row.since == back
    assert Notification.objects.filter(user=owner, kind="good_faith_joined").count() == 2


def test_a_member_under_the_minimum_volume_keeps_the_tier(frozen, owner):
    record(owner, taken_down=20)
    _run()
    _run(NOW + datetime.timedelta(days=120))  # nothing decided in the window any more
    row = _standing(owner)
    assert row.good_faith and row.decided == 0


def test_per_reason_thresholds_apply_where_set(frozen, owner, settings):
    settings.IPP = {
        **settings.IPP,
        "GOOD_FAITH_REASON_THRESHOLDS": {"counterfeit": {"min_takedown_rate": 98}},
    }
    record(owner, taken_down=19, rejected=1)  # counterfeit: 95 %
    record(owner, reason="trademark_other", taken_down=20)
    _run()
    assert not _standing(owner).good_faith


def test_the_daily_run_twice_the_same_day_changes_nothing(frozen, owner):
    record(owner, taken_down=19, rejected=1)
    bad = UserFactory(identity_approved=True)
    record(bad, unfounded=25, taken_down=5)
    assert _run() == 2
    snapshot = (
        list(NotifierStanding.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
        Notification.objects.count(),
        OutboxMessage.objects.count(),
        NotifierSanction.objects.count(),
    )
    record(owner, rejected=20)  # new figures, but today is done
    assert _run() == 0
    assert snapshot == (
        list(NotifierStanding.objects.order_by("pk").values()),
        AuditEvent.objects.count(),
        Notification.objects.count(),
        OutboxMessage.objects.count(),
        NotifierSanction.objects.count(),
    )


def test_the_run_resumes_after_a_partial_batch(frozen, owner, settings):
    settings.IPP = {**settings.IPP, "STANDING_BATCH": 2}
    owners = [owner] + [UserFactory(identity_approved=True) for _ in range(4)]
    for account in owners:
        record(account, taken_down=20)
    standing.refresh_standings(account_ids=[owners[0].pk, owners[1].pk], now=NOW)
    assert standing.accounts_to_refresh(NOW) == sorted(a.pk for a in owners[2:])
    assert _run() == 3
    assert NotifierStanding.objects.filter(good_faith=True).count() == 5


# --- priority and the lighter checklist -----------------------------------------------------------
def test_members_complaints_are_queued_first(frozen, owner):
    from complaints.models import QueuePriority

    record(owner, taken_down=20)
    _run()
    assert standing.queue_priority(owner) == QueuePriority.GOOD_FAITH
    assert standing.queue_priority(UserFactory()) == QueuePriority.STANDARD


def test_lighter_checklist_for_members():
    from complaints.reasons import check_proof, proof_checklist, required_proof

    assert required_proof("counterfeit")
    assert not required_proof("counterfeit", good_faith=True)
    assert [p.required for p in proof_checklist("copyright_image", good_faith=True)] == [
        True,
        False,
    ]
    assert required_proof("patent_invention", good_faith=True)  # the claim chart stays
    check_proof("counterfeit", 0, good_faith=True)
    with pytest.raises(DomainError):
        check_proof("counterfeit", 0)


# --- the misuse policy --------------------------------------------------------------------------
def test_warning_then_suspension_then_expiry(frozen, owner):
    record(owner, unfounded=20, taken_down=15)  # 20 of 35: 57 %
    _run()
    warning = NotifierSanction.objects.get(account=owner)
    assert (warning.kind, warning.status, warning.ends_at) == (
        SanctionKind.WARNING,
        SanctionStatus.ACTIVE,
        None,
    )
    assert warning.figures["unfounded"] == 20 and warning.figures["decided"] == 35
    assert "20 of the 35" in warning.reason and "57.1%" in warning.reason
    assert Notification.objects.get(user=owner, kind="notifier_warning")
    assert filing_block_reason(owner) is None  # a warning does not stop filing

    # The same figures the next day: nothing new since the warning, no second step.
    day2 = NOW + datetime.timedelta(days=1)
    _run(day2)
    assert NotifierSanction.objects.filter(account=owner).count() == 1

    # New unfounded URLs after the warning pass the thresholds again: suspended for 30 days.
    day5 = NOW + datetime.timedelta(days=5)
    record(owner, unfounded=20, taken_down=10, decided_at=day5 - datetime.timedelta(hours=2))
    _run(day5)
    suspension = NotifierSanction.objects.get(account=owner, kind=SanctionKind.SUSPENSION)
    assert suspension.ends_at == day5 + datetime.timedelta(days=30)
    assert suspension.figures["unfounded"] == 20 and suspension.figures["decided"] == 30
    note = Notification.objects.get(user=owner, kind="notifier_suspended")
    assert "2026-07-06" in note.title
    owner.refresh_from_db()
    assert owner.filing_suspended_until == suspension.ends_at
    with at(day5 + datetime.timedelta(hours=1)):
        message = filing_block_reason(owner)
        assert message is not None and "suspended until" in message and "appeal" in message
        assert "2026" in message
        assert filing_block_action(owner)[0] == "complaints:accuracy"

    # While it runs, no further step.
    _run(day5 + datetime.timedelta(days=3))
    assert NotifierSanction.objects.filter(account=owner).count() == 2

    # Its time over, the daily run expires it and filing is open again.
    end = day5 + datetime.timedelta(days=30, hours=1)
    with at(end):
        assert filing_block_reason(owner) is None
        refresh_notifier_standings()
    suspension.refresh_from_db()
    assert suspension.status == SanctionStatus.EXPIRED
    assert AuditEvent.objects.filter(
        action="sanction.expired", target_id=str(suspension.pk), to_status="expired"
    ).exists()


def test_below_the_count_or_the_share_no_warning(frozen, owner):
    record(owner, unfounded=19, taken_down=1)  # 95 % but only 19
    other = UserFactory(identity_approved=True)
    record(other, unfounded=20, taken_down=21)  # 20 but 48.8 %
    _run()
    assert not NotifierSanction.objects.exists()


def test_a_warning_expires_after_six_months(frozen, owner):
    record(owner, unfounded=20)
    _run()
    _run(NOW + datetime.timedelta(days=184))
    warning = NotifierSanction.objects.get(account=owner)
    assert warning.status == SanctionStatus.EXPIRED


def test_filing_refused_while_suspended(frozen, owner, client):
    from complaints import services as complaint_svc
    from tests.catalogue.factories import ListingFactory
    from tests.complaints.conftest import url_of
    from tests.factories import api_token_for
    from tests.ipr.conftest import IPRFactory

    ipr = IPRFactory(owner=owner, authenticated=True)
    listing = ListingFactory()
    suspend(owner)
    data = complaint_svc.ComplaintInput(
        platform="taobao", ipr=ipr, reason="trademark_other", urls=url_of(listing)
    )
    with pytest.raises(DomainError) as refused:
        complaint_svc.file_complaint(complainant=owner, data=data)
    assert "suspended until" in refused.value.message

    token = api_token_for(owner)
    answer = client.post(
        "/api/v1/complaints/",
        {
            "platform": "taobao",
            "ipr": ipr.pk,
            "reason": "trademark_other",
            "urls": [url_of(listing)],
        },
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Token {token}",
    )
    assert answer.status_code == 400, answer.content
    assert "suspended until" in str(answer.json()), answer.json()

    client.force_login(owner)
    page = client.get("/complaints/new/")
    assert page.status_code == 200
    assert "Filing is suspended until" in page.content.decode()
    assert "/complaints/accuracy/" in page.content.decode()


def test_lift_sanction(frozen, owner):
    reviewer = UserFactory(reviewer=True)
    suspension = suspend(owner)
    assert filing_block_reason(owner) is not None
    with pytest.raises(DomainError):
        lift_sanction(sanction=suspension, actor=reviewer, note="  ")
    lift_sanction(sanction=suspension, actor=reviewer, note="Appeal granted: notices were valid.")
    suspension.refresh_from_db()
    assert suspension.status == SanctionStatus.LIFTED
    assert (suspension.lifted_by, suspension.lifted_at) == (reviewer, NOW)
    owner.refresh_from_db()
    assert owner.filing_suspended_until is None
    assert filing_block_reason(owner) is None
    event = AuditEvent.objects.get(action="sanction.lifted")
    assert (event.actor, event.from_status, event.to_status) == (reviewer, "active", "lifted")
    assert Notification.objects.get(user=owner, kind="sanction_lifted")
    with pytest.raises(TransitionError):
        lift_sanction(sanction=suspension, actor=reviewer, note="again")


def test_a_lifted_warning_does_not_count_and_old_urls_do_not_warn_again(frozen, owner):
    record(owner, unfounded=20)
    _run()
    warning = NotifierSanction.objects.get(account=owner)
    lift_sanction(sanction=warning, actor=None, note="Appeal granted")
    _run(NOW + datetime.timedelta(days=1))
    assert NotifierSanction.objects.filter(account=owner).count() == 1


def test_items_decided_stay_countable_after_withdrawal(frozen, owner):
    # Guard for the meaning of "taken down": a withdrawn URL never decided is not counted.
    complaint = record(owner)
    ComplaintItemFactory(
        complaint=complaint, status=ItemStatus.WITHDRAWN, decided_at=None, outcome=""
    )
    assert standing.accuracy_for(owner).overall.decided == 0
    assert ComplaintItem.objects.count() == 1
