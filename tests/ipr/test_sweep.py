"""The daily sweep: each withdrawal cause with time frozen, the ends-today rule, idempotency,
audit rows per IPR, and the 30- and 7-day reminders sent once."""

import datetime

import pytest

from core.audit import trail_for
from core.models import AuditEvent
from ipr import services, tasks
from ipr.models import IPR, ExpiryReminder
from ipr.selectors import authenticated_iprs_for, why_not_offered

from .conftest import TODAY, at

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def sweep_on(day):
    with at(day, hour=0):
        return services.withdraw_expired()


def test_expired_right_is_withdrawn_as_expired_from_the_next_day(make_ipr, rights_owner):
    ipr = make_ipr(owner=rights_owner, authenticated=True, expires_on=TODAY)
    assert sweep_on(TODAY)["right_expired"] == 0  # ends today: still valid today
    ipr.refresh_from_db()
    assert ipr.status == "authenticated"
    assert sweep_on(TODAY + DAY)["right_expired"] == 1
    ipr.refresh_from_db()
    assert (ipr.status, ipr.withdrawal_code) == ("expired", "right_expired")
    event = trail_for(ipr).last()
    assert (event.action, event.from_status, event.to_status, event.actor) == (
        "ipr.expired",
        "authenticated",
        "expired",
        None,
    )
    assert "term of the IPR has expired" in event.reason


def test_expired_authorization_letter_withdraws_ipr(make_ipr, agent):
    ipr = make_ipr(
        owner=agent, authenticated=True, letter_starts_on=TODAY - 30 * DAY, letter_ends_on=TODAY
    )
    sweep_on(TODAY + DAY)
    ipr.refresh_from_db()
    assert (ipr.status, ipr.withdrawal_code) == ("withdrawn", "letter_expired")
    assert "authorization letter" in ipr.reason_text


def test_expired_owner_identity_withdraws_all_its_iprs(make_ipr, rights_owner, outsider):
    mine = [make_ipr(owner=rights_owner, authenticated=True) for _ in range(3)]
    other = make_ipr(owner=outsider, authenticated=True)
    rights_owner.identity_expires_on = TODAY
    rights_owner.save()
    counts = sweep_on(TODAY + DAY)
    assert counts["identity_expired"] == 3
    assert set(
        IPR.objects.filter(pk__in=[i.pk for i in mine]).values_list("status", "withdrawal_code")
    ) == {("withdrawn", "identity_expired")}
    other.refresh_from_db()
    assert other.status == "authenticated"


def test_right_expiry_wins_over_letter_expiry(make_ipr, agent):
    ipr = make_ipr(
        owner=agent,
        authenticated=True,
        expires_on=TODAY,
        letter_starts_on=TODAY - DAY,
        letter_ends_on=TODAY,
    )
    sweep_on(TODAY + DAY)
    ipr.refresh_from_db()
    assert (ipr.status, ipr.withdrawal_code) == ("expired", "right_expired")


def test_sweep_is_idempotent_and_writes_one_audit_row_per_ipr(
    make_ipr, django_capture_on_commit_callbacks, mailoutbox
):
    iprs = [make_ipr(authenticated=True, expires_on=TODAY - DAY) for _ in range(5)]
    with django_capture_on_commit_callbacks(execute=True), at(TODAY):
        first = services.withdraw_expired(batch_size=2)  # three batches
        second = services.withdraw_expired(batch_size=2)
    assert first["right_expired"] == 5 and sum(second.values()) == 0
    for ipr in iprs:
        assert (
            AuditEvent.objects.filter(
                target_type="ipr.ipr", target_id=str(ipr.pk), action="ipr.expired"
            ).count()
            == 1
        )
    assert mailoutbox and "withdrawn" in mailoutbox[0].subject


def test_each_sweep_batch_writes_its_audit_rows_in_one_statement(
    make_ipr, django_assert_max_num_queries
):
    iprs = [make_ipr(authenticated=True, expires_on=TODAY - DAY) for _ in range(12)]
    with at(TODAY), django_assert_max_num_queries(40) as counted:
        assert services.withdraw_expired(batch_size=5)["right_expired"] == 12
    inserts = [q["sql"] for q in counted.captured_queries if "core_auditevent" in q["sql"]]
    assert len(inserts) == 3  # batches of 5, 5 and 2: one INSERT each, whatever their size
    trail = AuditEvent.objects.filter(target_type="ipr.ipr", action="ipr.expired")
    assert sorted(int(pk) for pk in trail.values_list("target_id", flat=True)) == sorted(
        i.pk for i in iprs
    )
    assert [(e.from_status, e.to_status, e.actor_id, e.data) for e in trail] == 12 * [
        ("authenticated", "expired", None, {"code": "right_expired", "by": "sweep"})
    ]


def test_only_authenticated_iprs_are_swept(make_ipr):
    rows = [make_ipr(expires_on=TODAY - DAY, **{t: True}) for t in ("draft", "failed", "withdrawn")]
    rows.append(make_ipr(expires_on=TODAY - DAY))  # pending: the reviewer rejects it instead
    sweep_on(TODAY)
    assert [IPR.objects.get(pk=r.pk).status for r in rows] == [
        "draft",
        "failed",
        "withdrawn",
        "pending",
    ]


def test_sweep_task_runs_both_services(make_ipr, mailoutbox):
    make_ipr(authenticated=True, expires_on=TODAY - DAY)
    make_ipr(authenticated=True, expires_on=TODAY + 30 * DAY)
    with at(TODAY):
        result = tasks.sweep_iprs.delay().get()
    assert result["withdrawn"]["right_expired"] == 1 and result["reminded"] == 1


def test_withdrawn_right_is_no_longer_offered_for_complaints(make_ipr, rights_owner):
    ipr = make_ipr(owner=rights_owner, authenticated=True, expires_on=TODAY)
    with at(TODAY):
        assert list(authenticated_iprs_for(rights_owner)) == [ipr]
        assert why_not_offered(ipr) is None
    with at(TODAY + DAY):  # before the sweep runs, the selector already refuses it
        assert list(authenticated_iprs_for(rights_owner)) == []
        assert "ended on 2026-03-02" in why_not_offered(ipr)
    sweep_on(TODAY + DAY)
    ipr.refresh_from_db()
    with at(TODAY + DAY):
        assert "expired" in why_not_offered(ipr).lower()


def test_identity_expiry_hides_all_rights_from_the_selector(make_ipr, rights_owner):
    make_ipr(owner=rights_owner, authenticated=True)
    rights_owner.identity_expires_on = TODAY - DAY
    rights_owner.save()
    with at(TODAY):
        assert not authenticated_iprs_for(rights_owner).exists()


# --- reminders -------------------------------------------------------------------------------


def remind_on(day):
    with at(day, hour=1):
        return services.send_expiry_reminders()


def test_reminders_go_out_30_and_7_days_before_once_each(
    make_ipr, rights_owner, mailoutbox, django_capture_on_commit_callbacks
):
    ipr = make_ipr(owner=rights_owner, authenticated=True, expires_on=TODAY + 30 * DAY)
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_on(TODAY - DAY) == 0  # 31 days before: nothing yet
        assert remind_on(TODAY) == 1
        assert remind_on(TODAY) == 0  # same day again: nothing
        assert remind_on(TODAY + 10 * DAY) == 0  # 20 days before: the 30-day one is done
        assert remind_on(TODAY + 23 * DAY) == 1  # 7 days before
        assert remind_on(TODAY + 24 * DAY) == 0
    assert list(
        ExpiryReminder.objects.filter(ipr=ipr)
        .values_list("days_before", flat=True)
        .order_by("-days_before")
    ) == [30, 7]
    subjects = [m.subject for m in mailoutbox]
    assert len(subjects) == 2 and all("IPR term" in s for s in subjects)
    assert set(mailoutbox[0].to) == {"owner@example.com", "legal@example.com"}


def test_reminder_missed_on_its_day_goes_out_next_run(make_ipr):
    make_ipr(authenticated=True, expires_on=TODAY + 5 * DAY)
    assert remind_on(TODAY) == 1  # the 7-day one; the 30-day window is already past


def test_letter_and_identity_expiries_are_reminded_too(
    make_ipr, agent, mailoutbox, django_capture_on_commit_callbacks
):
    make_ipr(
        owner=agent,
        authenticated=True,
        letter_starts_on=TODAY - DAY,
        letter_ends_on=TODAY + 7 * DAY,
    )
    agent.identity_expires_on = TODAY + 30 * DAY
    agent.save()
    with django_capture_on_commit_callbacks(execute=True):
        assert remind_on(TODAY) == 2
    kinds = set(ExpiryReminder.objects.values_list("expiry_kind", flat=True))
    assert kinds == {"letter", "identity"}
    assert len(mailoutbox) == 2


def test_renewed_date_rearms_reminders(make_ipr):
    ipr = make_ipr(authenticated=True, expires_on=TODAY + 7 * DAY)
    assert remind_on(TODAY) == 1
    IPR.objects.filter(pk=ipr.pk).update(expires_on=TODAY + 6 * DAY)
    assert remind_on(TODAY) == 1


def test_non_authenticated_iprs_get_no_reminders(make_ipr):
    make_ipr(expires_on=TODAY + 7 * DAY)
    make_ipr(withdrawn=True, expires_on=TODAY + 7 * DAY)
    assert remind_on(TODAY) == 0


def test_reminders_walk_every_batch_once(make_ipr, django_capture_on_commit_callbacks, mailoutbox):
    for offset in (3, 3, 3, 5, 6):
        make_ipr(authenticated=True, expires_on=TODAY + offset * DAY)
    with at(TODAY, hour=1):
        assert services.send_expiry_reminders(batch_size=2) == 5
        assert services.send_expiry_reminders(batch_size=2) == 0
    assert ExpiryReminder.objects.count() == 5
