"""Deadlines (time frozen), the periodic task's idempotency, and every penalty rule."""

import datetime
import html
import re

import pytest
from django.urls import reverse

from catalogue.models import ListingStatus
from complaints.models import ComplaintStatus, ItemStatus
from core.models import AuditEvent, Notification, OutboxMessage
from reviews import tasks
from reviews.models import CounterNoticeStatus, Deadline, DeadlineStatus, PenaltyEntry
from reviews.services import counter_notices as cn
from reviews.services import decisions, penalties
from reviews.services.deadlines import apply_deadline

from .conftest import MONDAY, at, file_validated, items_of, make_listings
from .test_services import cn_input

THURSDAY_DUE = datetime.datetime(2026, 3, 5, 10, 0, tzinfo=datetime.UTC)


def _accept_all(complaint, reviewer):
    for item in items_of(complaint):
        decisions.accept_item(item=item, actor=reviewer)
    return items_of(complaint)


@pytest.mark.django_db
def test_seller_silence_makes_the_takedown_final_when_the_window_ends(
    complaint, reviewer, store, frozen
):
    item = _accept_all(complaint, reviewer)[0]
    frozen.move_to(THURSDAY_DUE - datetime.timedelta(seconds=1))
    assert tasks.apply_due_deadlines() == 0
    item.refresh_from_db()
    assert item.status == ItemStatus.ACCEPTED
    frozen.move_to(THURSDAY_DUE)
    assert tasks.apply_due_deadlines() == 3
    item.refresh_from_db()
    assert (item.status, item.outcome) == (ItemStatus.UPHELD, "seller_silent")
    assert item.catalogue_listing.status == ListingStatus.TAKEN_DOWN
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert Deadline.objects.filter(status=DeadlineStatus.LAPSED).count() == 3
    # running again changes nothing
    before = AuditEvent.objects.count()
    assert tasks.apply_due_deadlines() == 0
    apply_deadline(deadline_id=Deadline.objects.first().pk)
    assert AuditEvent.objects.count() == before
    assert PenaltyEntry.objects.count() == 3  # one counted, two merged at 0 points
    assert sum(PenaltyEntry.objects.values_list("points", flat=True)) == 6


@pytest.mark.django_db
def test_a_complaints_windows_ending_together_give_one_notice_and_one_email_per_person(
    complaint, reviewer, seller, complainant, frozen
):
    """Three URLs taken down together lapse together: the seller and the complainant each get one
    "takedown final" notice and one email naming the three, not three of each."""
    _accept_all(complaint, reviewer)
    frozen.move_to(THURSDAY_DUE)
    assert tasks.apply_due_deadlines() == 3
    for person in (seller, complainant):
        notices = Notification.objects.filter(user=person, kind="takedown_final")
        assert notices.count() == 1, person
        emails = [
            m.kwargs
            for m in OutboxMessage.objects.filter(task="core.tasks.send_templated_email")
            if person.email in str(m.kwargs.get("to")) and "takedown_final" in str(m.kwargs)
        ]
        assert len(emails) == 1, (person, len(emails))


@pytest.mark.django_db
def test_weekend_is_not_counted_in_the_window(complainant, trademark, store, reviewer):
    friday = datetime.datetime(2026, 3, 6, 10, 0, tzinfo=datetime.UTC)
    with at(friday):
        complaint = file_validated(complainant, trademark, make_listings(store, 1))
        decisions.accept_item(item=items_of(complaint)[0], actor=reviewer)
    assert Deadline.objects.get().due_at == datetime.datetime(
        2026, 3, 11, 10, 0, tzinfo=datetime.UTC
    )


@pytest.mark.django_db
def test_complainant_silence_after_a_counter_notice_restores_the_listing(
    complaint, reviewer, seller, frozen
):
    item = _accept_all(complaint, reviewer)[0]
    frozen.move_to(MONDAY + datetime.timedelta(days=1))  # Tuesday
    notice = cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
    answer = Deadline.objects.get(item=item, kind="complainant_answer")
    assert answer.due_at == datetime.datetime(2026, 3, 6, 10, 0, tzinfo=datetime.UTC)
    frozen.move_to(answer.due_at)
    tasks.apply_due_deadlines()
    notice.refresh_from_db()
    item.refresh_from_db()
    assert notice.status == CounterNoticeStatus.LAPSED
    assert (item.status, item.outcome) == (ItemStatus.RESTORED, "complainant_silent")
    assert item.catalogue_listing.is_visible
    assert not PenaltyEntry.objects.filter(item=item).exists()


@pytest.mark.django_db
def test_an_answered_window_is_cancelled_not_applied(complaint, reviewer, seller, complainant):
    with at(MONDAY):
        item = _accept_all(complaint, reviewer)[0]
        notice = cn.submit_counter_notice(item=item, actor=seller, data=cn_input())
        cn.maintain_complaint(counter_notice=notice, actor=complainant, statement="No", evidence=[])
    # a stale open window (e.g. written by an older version) is cancelled, nothing else
    stale = Deadline.objects.create(item=item, kind="complainant_answer", due_at=MONDAY)
    with at(THURSDAY_DUE + datetime.timedelta(days=7)):
        apply_deadline(deadline_id=stale.pk)
    stale.refresh_from_db()
    item.refresh_from_db()
    assert stale.status == DeadlineStatus.CANCELLED
    assert item.status == ItemStatus.ACCEPTED


@pytest.mark.django_db
def test_the_beat_schedule_runs_the_deadline_task(settings):
    entries = {e["task"] for e in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "reviews.tasks.apply_due_deadlines" in entries


# --- penalties ---------------------------------------------------------------------------------
def _uphold(complaint, reviewer):
    for item in items_of(complaint):
        decisions.accept_item(item=item, actor=reviewer)
    for deadline in Deadline.objects.filter(status="open", item__complaint=complaint):
        Deadline.objects.filter(pk=deadline.pk).update(due_at=MONDAY - datetime.timedelta(days=30))
        apply_deadline(deadline_id=deadline.pk)


@pytest.mark.django_db
def test_same_owner_within_the_window_counts_once_then_again_after_it(
    complainant, trademark, store, reviewer
):
    with at(MONDAY):
        _uphold(
            file_validated(complainant, trademark, make_listings(store, 1, 640_000_000_000)),
            reviewer,
        )
    with at(MONDAY + datetime.timedelta(days=2)):
        _uphold(
            file_validated(complainant, trademark, make_listings(store, 1, 641_000_000_000)),
            reviewer,
        )
    with at(MONDAY + datetime.timedelta(days=10)):
        _uphold(
            file_validated(complainant, trademark, make_listings(store, 1, 642_000_000_000)),
            reviewer,
        )
    points = list(PenaltyEntry.objects.order_by("created_at").values_list("points", flat=True))
    assert points == [6, 0, 6]
    assert "Counted once" in PenaltyEntry.objects.order_by("created_at")[1].explanation


@pytest.mark.django_db
def test_points_only_from_final_upheld_takedowns(complaint, reviewer, seller, complainant):
    a, b, c = items_of(complaint)
    decisions.accept_item(item=a, actor=reviewer)
    decisions.reject_item(item=b, actor=reviewer, reason="insufficient_proof")
    decisions.accept_item(item=c, actor=reviewer)
    notice = cn.submit_counter_notice(item=a, actor=seller, data=cn_input())
    cn.accept_counter_notice(counter_notice=notice, actor=complainant)
    assert PenaltyEntry.objects.count() == 0


@pytest.mark.django_db
def test_a_reversed_decision_voids_the_points_with_a_negative_entry(
    complaint, reviewer, store, frozen
):
    _uphold(complaint, reviewer)
    item = items_of(complaint)[0]
    assert penalties.standing([store.pk])[0]["total"] == 6
    with pytest.raises(Exception):
        decisions.reverse_takedown(item=item, actor=reviewer, note="")
    decisions.reverse_takedown(item=item, actor=reviewer, note="Seller proved a licence.")
    item.refresh_from_db()
    assert (item.status, item.outcome) == (ItemStatus.RESTORED, "decision_reversed")
    assert item.catalogue_listing.is_visible
    original = PenaltyEntry.objects.get(item=item, reverses__isnull=True)
    reversal = PenaltyEntry.objects.get(reverses=original)
    assert reversal.points == -original.points
    assert penalties.standing([store.pk])[0]["total"] == 0
    decisions_count = PenaltyEntry.objects.count()
    penalties.reverse_for_item(item=item)  # idempotent
    assert PenaltyEntry.objects.count() == decisions_count


def _copyright(owner, work):
    from tests.ipr.conftest import IPRFactory

    return IPRFactory(
        owner=owner,
        authenticated=True,
        kind="copyright",
        mark_word="",
        work_title=work,
        nice_classes=[],
    )


@pytest.mark.django_db
@pytest.mark.parametrize(("platform", "expected"), [("alibaba", [2, 0]), ("taobao", [2, 2])])
def test_copyright_points_count_per_owner_regardless_of_the_work_on_alibaba(
    complainant, reviewer, seller, platform, expected
):
    """FAQ 2019: on Alibaba.com and AliExpress two works of one owner within the window count
    once; elsewhere each right counts on its own."""
    from tests.catalogue.factories import ListingFactory, SellerFactory

    shop = SellerFactory(platform=platform, store_name="Shop", account=seller)
    works = [_copyright(complainant, "Poster A"), _copyright(complainant, "Poster B")]
    with at(MONDAY):
        for n, work in enumerate(works):
            listing = ListingFactory(platform=platform, seller=shop)
            _uphold(
                file_validated(
                    complainant, work, [listing], reason="copyright_image", platform=platform
                ),
                reviewer,
            )
    points = list(PenaltyEntry.objects.order_by("id").values_list("points", flat=True))
    assert points == expected


@pytest.mark.django_db
def test_daily_cap_and_thresholds(complainant, other_owner, reviewer, store, settings):
    from tests.ipr.conftest import IPRFactory

    other_tm = IPRFactory(owner=other_owner, authenticated=True)
    with at(MONDAY):
        _uphold(
            file_validated(
                complainant,
                IPRFactory(owner=complainant, authenticated=True),
                make_listings(store, 1, 650_000_000_000),
            ),
            reviewer,
        )
        _uphold(
            file_validated(other_owner, other_tm, make_listings(store, 1, 651_000_000_000)),
            reviewer,
        )
    points = list(PenaltyEntry.objects.order_by("id").values_list("points", flat=True))
    assert points == [6, 0]  # capped at 6 a day
    assert "cap" in PenaltyEntry.objects.order_by("id").last().explanation
    assert penalties.sanction_for(5, "taobao") == ""
    assert penalties.sanction_for(6, "taobao") == "warning"
    assert penalties.sanction_for(12, "taobao") == "restricted_7"
    assert penalties.sanction_for(24, "alibaba") == "restricted_14"
    assert penalties.sanction_for(36, "taobao") == "restricted_21"
    assert penalties.sanction_for(48, "taobao") == "terminated"
    assert penalties.standing([store.pk])[0]["sanction"] == "warning"


@pytest.mark.django_db
def test_aliexpress_points_leave_the_record_after_365_days_others_stay(complaint, store):
    from datetime import timedelta

    from django.utils import timezone

    from reviews.models import PenaltyEntry
    from reviews.services import penalties

    old = timezone.now() - timedelta(days=366)
    recent = timezone.now() - timedelta(days=10)
    items = list(complaint.items.order_by("line"))
    for item, platform, when in [
        (items[0], "aliexpress", old),
        (items[1], "aliexpress", recent),
        (items[2], "taobao", old),
    ]:
        PenaltyEntry.objects.create(
            seller=store,
            platform=platform,
            item=item,
            points=6,
            rights_owner_key="user:1",
            count_key=f"k{item.pk}",
            explanation="test",
            created_at=when,
        )
    totals = {row["platform"]: row["total"] for row in penalties.standing([store.pk])}
    assert totals == {"aliexpress": 6, "taobao": 6}


def _serious_entries(store, platform, items):
    from reviews.models import PenaltyEntry

    return [
        PenaltyEntry.objects.create(
            seller=store,
            platform=platform,
            item=item,
            points=1,
            rights_owner_key="user:1",
            count_key=f"s{item.pk}",
            explanation="test",
        )
        for item in items
    ]


@pytest.mark.django_db
def test_alibaba_three_serious_on_one_ipr_terminate_whatever_the_points(complaint, store):
    from reviews.services import penalties

    entries = _serious_entries(store, "alibaba", list(complaint.items.order_by("line")))
    (row,) = penalties.standing([store.pk])
    assert (row["total"], row["serious"], row["sanction"]) == (3, 3, "terminated")
    penalties.reverse_for_item(item=entries[0].item)  # a reversed decision no longer counts
    (row,) = penalties.standing([store.pk])
    assert (row["serious"], row["sanction"]) == (2, "")


@pytest.mark.django_db
def test_alibaba_serious_across_iprs_need_four_aliexpress_three(complainant, store):
    from reviews.services import penalties
    from tests.ipr.conftest import IPRFactory
    from tests.reviews.conftest import file_validated, make_listings

    items = []
    for n in range(4):
        ipr = IPRFactory(owner=complainant, authenticated=True, mark_word=f"MARK{n}")
        complaint = file_validated(complainant, ipr, make_listings(store, 1, start=700_000 + n))
        items.extend(complaint.items.all())
    _serious_entries(store, "alibaba", items[:3])
    assert penalties.standing([store.pk])[0]["sanction"] == ""
    _serious_entries(store, "alibaba", items[3:])
    assert penalties.standing([store.pk])[0]["sanction"] == "terminated"
    assert penalties.sanction_with_serious(3, "aliexpress", (3, 1)) == "terminated"
    assert penalties.sanction_with_serious(3, "taobao", (9, 9)) == ""


@pytest.mark.django_db
def test_both_ledger_pages_name_each_entrys_complaint_url_points_and_reason(
    client, complaint, reviewer, seller, store, frozen
):
    _uphold(complaint, reviewer)
    decisions.reverse_takedown(
        item=items_of(complaint)[0], actor=reviewer, note="Seller proved a licence."
    )
    entries = list(PenaltyEntry.objects.filter(seller=store).select_related("item"))
    assert len(entries) >= 2 and {e.points > 0 for e in entries} >= {True}
    expected = [
        f"#{e.item.complaint_id} · URL {e.item.line}|{'+' if e.points > 0 else ''}{e.points}"
        f"|{e.explanation}"
        for e in entries  # newest first, as each page lists them
    ]
    for viewer, url in (
        (seller, reverse("reviews:seller_home")),
        (reviewer, reverse("reviews:seller_history", args=[store.pk])),
    ):
        client.force_login(viewer)
        page = client.get(url).content.decode()
        ledger = page[page.index('id="ledger"') :].split("</table>")[0]
        shown = [
            "|".join(html.unescape(cell) for cell in cells[1:])
            for cells in re.findall(
                r"<tr><td[^>]*>([^<]*)</td><td>([^<]*)</td><td[^>]*>([^<]*)</td><td>([^<]*)</td>",
                ledger,
            )
        ]
        assert shown == expected, url
