"""Three counter-notice chances per taken-down listing (issue 16, item 1), time frozen: each
chance's window, what opens the next one, a later chance's win (listing restored, points
reversed), the sweep's idempotency, the audit rows and the per-platform window policy."""

import datetime

import pytest
from django.core import mail

from catalogue.models import ListingStatus
from complaints.models import ItemStatus
from core.calendar import add_working_days
from core.errors import TransitionError
from core.models import AuditEvent, Notification
from reviews import tasks
from reviews.models import CounterNotice, CounterNoticeStatus, Deadline, DeadlineStatus
from reviews.policy import counter_notice_chances, window_days, window_policy
from reviews.services import counter_notices as cn
from reviews.services import decisions
from reviews.services.deadlines import apply_deadline

from .conftest import MONDAY, at, file_validated, items_of, make_listings
from .test_services import cn_input

ROUND_1_DUE = datetime.datetime(2026, 3, 5, 10, 0, tzinfo=datetime.UTC)  # MONDAY + 3 working days


def _taken_down(complaint, reviewer):
    item = items_of(complaint)[0]
    decisions.accept_item(item=item, actor=reviewer)
    item.refresh_from_db()
    return item


def _seller_windows(item):
    return list(
        Deadline.objects.filter(item=item, kind="seller_counter_notice")
        .order_by("round")
        .values_list("round", "status")
    )


def _open_window(item):
    return Deadline.objects.get(item=item, kind="seller_counter_notice", status="open")


def _lose(item, seller, complainant, reviewer, **kw):
    """The seller sends a counter-notice in the open chance; the complainant maintains; the
    platform rejects it."""
    notice = cn.submit_counter_notice(item=item, actor=seller, data=cn_input(**kw))
    cn.maintain_complaint(
        counter_notice=notice, actor=complainant, statement="Test purchase.", evidence=[]
    )
    cn.decide_counter_notice(counter_notice=notice, actor=reviewer, accept=False, note="Fake.")
    notice.refresh_from_db()
    item.refresh_from_db()
    return notice


def _item_actions(item) -> list[tuple[str, dict]]:
    return list(
        AuditEvent.objects.filter(target_type="complaints.complaintitem", target_id=str(item.pk))
        .order_by("id")
        .values_list("action", "data")
    )


# --- round 1 -----------------------------------------------------------------------------------
@pytest.mark.django_db
def test_first_chance_in_time_is_round_one(complaint, reviewer, seller, frozen):
    item = _taken_down(complaint, reviewer)
    frozen.move_to(ROUND_1_DUE - datetime.timedelta(seconds=1))
    notice = cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    assert notice.round == 1 and notice.status == CounterNoticeStatus.AWAITING_COMPLAINANT
    assert _seller_windows(item) == [(1, DeadlineStatus.MET)]
    answer = Deadline.objects.get(item=item, kind="complainant_answer")
    assert answer.round == 1
    submitted = [d for a, d in _item_actions(item) if a == "counter_notice.submitted"]
    assert submitted == [{"counter_notice": notice.pk, "round": 1}]


@pytest.mark.django_db
def test_first_chance_out_of_time_is_refused_with_the_date(complaint, reviewer, seller, frozen):
    item = _taken_down(complaint, reviewer)
    frozen.move_to(ROUND_1_DUE)
    with pytest.raises(TransitionError) as refused:
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    assert refused.value.code == "window_closed"
    assert str(refused.value.message) == (
        "Your counter-notice window (chance 1 of 3) ended on March 5, 2026."
    )
    assert not CounterNotice.objects.exists()


@pytest.mark.django_db
def test_a_second_counter_notice_while_the_first_is_answered_is_refused(
    complaint, reviewer, seller, frozen
):
    item = _taken_down(complaint, reviewer)
    cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    with pytest.raises(TransitionError) as refused:
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    assert "still being answered" in str(refused.value.message)
    assert CounterNotice.objects.count() == 1


# --- round 2 opens -----------------------------------------------------------------------------
@pytest.mark.django_db
def test_second_chance_opens_when_the_first_window_lapses(
    complaint, reviewer, seller, frozen, django_capture_on_commit_callbacks
):
    item = _taken_down(complaint, reviewer)
    frozen.move_to(ROUND_1_DUE)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.apply_due_deadlines() == 1
    item.refresh_from_db()
    assert (item.status, item.outcome) == (ItemStatus.UPHELD, "seller_silent")
    assert _seller_windows(item) == [(1, DeadlineStatus.LAPSED), (2, DeadlineStatus.OPEN)]
    window = _open_window(item)
    assert window.due_at == add_working_days(ROUND_1_DUE, 27)
    assert window.due_at == datetime.datetime(2026, 4, 13, 10, 0, tzinfo=datetime.UTC)
    note = Notification.objects.filter(user=seller, kind="counter_notice_chance").get()
    assert "2026-04-13 10:00 UTC" in note.title
    body = [m.body for m in mail.outbox if m.to == ["seller@example.com"]]
    assert any("Chance 2 of 3: you may send it until 2026-04-13 10:00 UTC" in b for b in body)
    opened = [d for a, d in _item_actions(item) if a == "deadline.opened"]
    assert [d["round"] for d in opened] == [1, 2]


@pytest.mark.django_db
def test_second_chance_opens_when_the_platform_rejects_the_first(
    complaint, reviewer, seller, complainant, store, frozen
):
    item = _taken_down(complaint, reviewer)
    first = _lose(item, seller, complainant, reviewer)
    assert first.status == CounterNoticeStatus.REJECTED
    assert (item.status, item.outcome) == (ItemStatus.UPHELD, "counter_notice_rejected")
    assert store.penalty_entries.get().points == 6
    assert _seller_windows(item) == [(1, DeadlineStatus.MET), (2, DeadlineStatus.OPEN)]
    assert _open_window(item).due_at == add_working_days(MONDAY, 27)
    second = cn.submit_counter_notice(
        item=item, actor=seller, data=cn_input(statement="New invoice from the distributor.")
    )
    assert second.round == 2
    assert [n.round for n in item.counter_notices.all()] == [1, 2]
    assert first.statement != second.statement  # each round keeps its own statement
    assert Deadline.objects.get(item=item, kind="complainant_answer", status="open").round == 2


# --- a later chance wins -----------------------------------------------------------------------
@pytest.mark.django_db
def test_second_chance_accepted_by_the_platform_restores_and_reverses_the_points(
    complaint, reviewer, seller, complainant, store, frozen
):
    item = _taken_down(complaint, reviewer)
    _lose(item, seller, complainant, reviewer)
    second = cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    cn.maintain_complaint(
        counter_notice=second, actor=complainant, statement="Still fake.", evidence=[]
    )
    cn.decide_counter_notice(counter_notice=second, actor=reviewer, accept=True)
    item.refresh_from_db()
    assert (item.status, item.outcome) == (ItemStatus.RESTORED, "platform_accepted")
    assert item.catalogue_listing.status == ListingStatus.RESTORED
    entries = sorted(store.penalty_entries.values_list("points", flat=True))
    assert entries == [-6, 6]
    actions = [a for a, _d in _item_actions(item)]
    tail = actions[actions.index("counter_notice.accepted") :]
    assert tail[:3] == ["counter_notice.accepted", "url.restored", "penalty.reversed"]
    assert {"counter_notice.accepted", "url.restored", "penalty.reversed"} <= set(actions)
    assert not Deadline.objects.filter(item=item, status="open").exists()


@pytest.mark.django_db
def test_second_chance_restores_when_the_complainant_stays_silent(
    complaint, reviewer, seller, complainant, store, frozen
):
    item = _taken_down(complaint, reviewer)
    _lose(item, seller, complainant, reviewer)
    frozen.move_to(MONDAY + datetime.timedelta(days=7))
    second = cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    answer = Deadline.objects.get(item=item, kind="complainant_answer", status="open")
    frozen.move_to(answer.due_at)
    assert tasks.apply_due_deadlines() == 1
    second.refresh_from_db()
    item.refresh_from_db()
    assert second.status == CounterNoticeStatus.LAPSED
    assert (item.status, item.outcome) == (ItemStatus.RESTORED, "complainant_silent")
    assert store.penalty_entries.filter(points__lt=0).count() == 1


@pytest.mark.django_db
def test_second_chance_accepted_by_the_complainant_restores(
    complaint, reviewer, seller, complainant, store, frozen
):
    item = _taken_down(complaint, reviewer)
    frozen.move_to(ROUND_1_DUE)
    tasks.apply_due_deadlines()
    item.refresh_from_db()
    second = cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    cn.accept_counter_notice(counter_notice=second, actor=complainant)
    item.refresh_from_db()
    assert (item.status, item.outcome) == (ItemStatus.RESTORED, "complainant_accepted")
    assert item.catalogue_listing.is_visible
    points = store.penalty_entries.filter(item=item).values_list("points", flat=True)
    assert sum(points) == 0


# --- round 3, and no fourth ------------------------------------------------------------------
@pytest.mark.django_db
def test_third_chance_after_the_second_is_rejected_then_no_fourth(
    complaint, reviewer, seller, complainant, frozen, django_capture_on_commit_callbacks
):
    item = _taken_down(complaint, reviewer)
    _lose(item, seller, complainant, reviewer)
    _lose(item, seller, complainant, reviewer)
    assert _seller_windows(item) == [
        (1, DeadlineStatus.MET),
        (2, DeadlineStatus.MET),
        (3, DeadlineStatus.OPEN),
    ]
    assert item.status == ItemStatus.UPHELD
    with django_capture_on_commit_callbacks(execute=True):
        third = _lose(item, seller, complainant, reviewer)
    assert third.round == 3 and item.status == ItemStatus.UPHELD
    assert not Deadline.objects.filter(item=item, status="open").exists()
    # the seller is told the takedown stands, with no further chance
    assert Notification.objects.filter(user=seller, kind="takedown_final").count() == 2
    with pytest.raises(TransitionError) as refused:
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    assert str(refused.value.message).startswith("Your last chance (chance 3 of 3) ended on")
    assert item.counter_notices.count() == 3


@pytest.mark.django_db
def test_a_lapsed_later_chance_only_closes_the_chance_and_opens_the_next(
    complaint, reviewer, seller, complainant, store, frozen
):
    item = _taken_down(complaint, reviewer)
    frozen.move_to(ROUND_1_DUE)
    tasks.apply_due_deadlines()
    round_2 = _open_window(item)
    frozen.move_to(round_2.due_at)
    assert tasks.apply_due_deadlines() == 1
    item.refresh_from_db()
    assert (item.status, item.outcome) == (ItemStatus.UPHELD, "seller_silent")
    assert _seller_windows(item) == [
        (1, DeadlineStatus.LAPSED),
        (2, DeadlineStatus.LAPSED),
        (3, DeadlineStatus.OPEN),
    ]
    round_3 = _open_window(item)
    assert round_3.due_at == add_working_days(round_2.due_at, 27)
    assert store.penalty_entries.count() == 1
    frozen.move_to(round_3.due_at)
    assert tasks.apply_due_deadlines() == 1
    item.refresh_from_db()
    assert (item.status, item.outcome) == (ItemStatus.UPHELD, "seller_silent")
    assert not Deadline.objects.filter(item=item, status="open").exists()
    assert store.penalty_entries.count() == 1  # nothing else changed
    with pytest.raises(TransitionError) as refused:
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    message = str(refused.value.message)
    assert message.startswith("Your last chance (chance 3 of 3) ended on"), message


@pytest.mark.django_db
def test_a_reversal_during_an_open_later_chance_cancels_it(
    complaint, reviewer, seller, complainant, store, frozen
):
    item = _taken_down(complaint, reviewer)
    _lose(item, seller, complainant, reviewer)
    round_2 = _open_window(item)
    decisions.reverse_takedown(item=item, actor=reviewer, note="Wrong IPR after all.")
    item.refresh_from_db()
    assert item.status == ItemStatus.RESTORED
    round_2.refresh_from_db()
    assert round_2.status == DeadlineStatus.CANCELLED
    frozen.move_to(round_2.due_at)
    assert tasks.apply_due_deadlines() == 0
    assert not Deadline.objects.filter(item=item, round=3).exists()
    with pytest.raises(TransitionError) as refused:
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    assert str(refused.value.message) == (
        "This takedown can no longer be answered (listing restored)."
    )


@pytest.mark.django_db
def test_running_the_sweep_twice_changes_nothing(complaint, reviewer, seller, frozen):
    item = _taken_down(complaint, reviewer)
    frozen.move_to(ROUND_1_DUE)
    assert tasks.apply_due_deadlines() == 1
    state = (AuditEvent.objects.count(), Deadline.objects.count(), Notification.objects.count())
    assert tasks.apply_due_deadlines() == 0
    for deadline in Deadline.objects.filter(item=item):
        apply_deadline(deadline_id=deadline.pk)
    assert (
        AuditEvent.objects.count(),
        Deadline.objects.count(),
        Notification.objects.count(),
    ) == state
    frozen.move_to(_open_window(item).due_at)
    assert tasks.apply_due_deadlines() == 1
    state = (AuditEvent.objects.count(), Deadline.objects.count())
    assert tasks.apply_due_deadlines() == 0
    assert (AuditEvent.objects.count(), Deadline.objects.count()) == state


# --- policy -------------------------------------------------------------------------------------
def test_three_chances_by_default_on_every_platform():
    for platform in ("alibaba", "aliexpress", "taobao", "tmall", "1688", "lazada"):
        assert window_policy(platform).counter_notice_rounds == (3, 27, 27)
        assert counter_notice_chances(platform) == 3
    assert window_days("seller_counter_notice", "alibaba", 2) == 27
    assert window_days("seller_counter_notice", "alibaba") == 3


def test_settings_override_the_chances_per_platform(settings):
    settings.IPP = {
        **settings.IPP,
        "REVIEW_WINDOWS": {
            "counter_notice_rounds": {"default": [3, 27, 27], "alibaba": [5, 20, 20]},
            "later_counter_notices": {"taobao": []},
        },
    }
    assert window_policy("alibaba").counter_notice_rounds == (5, 20, 20)
    assert window_policy("taobao").counter_notice_rounds == (3,)
    assert window_policy("lazada").counter_notice_rounds == (3, 27, 27)
    # the old key still sets the first chance, over the rounds
    settings.IPP = {
        **settings.IPP,
        "REVIEW_WINDOWS": {
            "counter_notice_rounds": {"default": [4, 10]},
            "seller_counter_notice": {"aliexpress": 6},
        },
    }
    assert window_policy("aliexpress").counter_notice_rounds == (6, 10)
    assert window_policy("alibaba").counter_notice_rounds == (4, 10)
    assert window_days("seller_counter_notice", "aliexpress") == 6


@pytest.mark.django_db
def test_a_platform_with_one_chance_opens_no_second(complaint, reviewer, seller, frozen, settings):
    settings.IPP = {**settings.IPP, "REVIEW_WINDOWS": {"later_counter_notices": {"taobao": []}}}
    item = _taken_down(complaint, reviewer)
    frozen.move_to(ROUND_1_DUE)
    tasks.apply_due_deadlines()
    assert _seller_windows(item) == [(1, DeadlineStatus.LAPSED)]
    with pytest.raises(TransitionError) as refused:
        cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    assert str(refused.value.message) == "Your last chance (chance 1 of 1) ended on March 5, 2026."


@pytest.mark.django_db
def test_round_windows_follow_the_platform_setting(
    complainant, trademark, store, reviewer, seller, settings
):
    settings.IPP = {
        **settings.IPP,
        "REVIEW_WINDOWS": {"counter_notice_rounds": {"taobao": [2, 5, 1]}},
    }
    with at(MONDAY):
        complaint = file_validated(complainant, trademark, make_listings(store, 1))
        item = _taken_down(complaint, reviewer)
        assert _open_window(item).due_at == add_working_days(MONDAY, 2)
    with at(add_working_days(MONDAY, 2)):
        tasks.apply_due_deadlines()
        assert _open_window(item).due_at == add_working_days(MONDAY, 7)
