"""Set-based writes: `core.bulk.update_from_values` (one UPDATE ... FROM (VALUES ...) on
PostgreSQL, bulk_update elsewhere) and `core.audit.record_many` (one INSERT ... SELECT FROM
unnest() on PostgreSQL, bulk_create elsewhere). Both paths run: the default test run on SQLite,
the PostgreSQL run (DATABASE_URL) on the other."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from core import audit
from core.bulk import insert_values, update_from_values
from core.models import AuditEvent, Notification, OutboxMessage

pytestmark = pytest.mark.django_db
POSTGRES = connection.vendor == "postgresql"


def test_each_row_gets_its_own_values_in_one_statement(django_assert_num_queries):
    rows = [OutboxMessage.objects.create(task=f"task.{i}") for i in range(5)]
    when = timezone.now().replace(microsecond=0)
    for i, row in enumerate(rows):
        row.kwargs = {"n": i, "quote": 'it\'s "quoted"', "none": None}
        row.dispatch_count = i * 10
        row.dispatched_at = when + datetime.timedelta(seconds=i) if i % 2 else None
        row.last_error = f"error {i}" if i else ""
        row.task = "not written"  # a field that is not named stays as it is
    with django_assert_num_queries(1) as counted:
        written = update_from_values(
            OutboxMessage, rows[:4], ["kwargs", "dispatch_count", "dispatched_at", "last_error"]
        )
    assert written == 4
    assert ("FROM (VALUES" in counted.captured_queries[0]["sql"]) is POSTGRES
    stored = {m.pk: m for m in OutboxMessage.objects.all()}
    for i, row in enumerate(rows[:4]):
        got = stored[row.pk]
        assert got.kwargs == {"n": i, "quote": 'it\'s "quoted"', "none": None}
        assert (got.dispatch_count, got.dispatched_at, got.last_error) == (
            i * 10,
            when + datetime.timedelta(seconds=i) if i % 2 else None,
            f"error {i}" if i else "",
        )
        assert got.task == f"task.{i}"
    untouched = stored[rows[4].pk]
    assert (untouched.dispatch_count, untouched.kwargs) == (0, {})


def test_foreign_keys_and_nulls_and_batches(rights_owner, outsider, django_assert_num_queries):
    notes = [
        Notification.objects.create(user=rights_owner, kind="k", title=f"t{i}") for i in range(5)
    ]
    read = timezone.now()
    for i, note in enumerate(notes):
        note.user = outsider if i % 2 else rights_owner
        note.read_at = read if i % 2 else None
    with django_assert_num_queries(3):  # 2 + 2 + 1 rows
        assert update_from_values(Notification, notes, ["user", "read_at"], batch_size=2) == 5
    assert list(Notification.objects.order_by("pk").values_list("user_id", "read_at")) == [
        (outsider.pk if i % 2 else rights_owner.pk, read if i % 2 else None) for i in range(5)
    ]


def test_nothing_to_write_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert update_from_values(OutboxMessage, [], ["kwargs"]) == 0


def test_record_many_writes_one_row_per_target_in_order(rights_owner, django_assert_num_queries):
    with django_assert_num_queries(1) as counted:
        written = audit.record_many(
            target_type="ipr.ipr",
            target_ids=[30, 10, 20],
            action=["ipr.expired", "ipr.withdrawn", "ipr.expired"],
            from_status="authenticated",
            to_status=["expired", "withdrawn", "expired"],
            reason="The term ended.",
            data=[{"n": 1}, {"n": 2, "q": "it's"}, {}],
            actor=rights_owner,
        )
    assert written == 3
    assert ("unnest" in counted.captured_queries[0]["sql"]) is POSTGRES
    rows = list(
        AuditEvent.objects.order_by("id").values_list(
            "target_type", "target_id", "action", "from_status", "to_status", "reason", "data"
        )
    )
    assert rows == [
        ("ipr.ipr", "30", "ipr.expired", "authenticated", "expired", "The term ended.", {"n": 1}),
        (
            "ipr.ipr",
            "10",
            "ipr.withdrawn",
            "authenticated",
            "withdrawn",
            "The term ended.",
            {"n": 2, "q": "it's"},
        ),
        ("ipr.ipr", "20", "ipr.expired", "authenticated", "expired", "The term ended.", {}),
    ]
    events = AuditEvent.objects.all()
    assert {e.actor_id for e in events} == {rights_owner.pk}
    assert {e.ip_address for e in events} == {None}


def test_record_many_takes_constant_columns_and_refuses_short_ones():
    assert audit.record_many(target_type="x.y", target_ids=[], action="a") == 0
    audit.record_many(target_type="x.y", target_ids=[1, 2], action="x.moved", data={"by": "sweep"})
    assert list(AuditEvent.objects.values_list("target_id", "action", "actor", "data")) == [
        ("1", "x.moved", None, {"by": "sweep"}),
        ("2", "x.moved", None, {"by": "sweep"}),
    ]
    with pytest.raises(ValueError, match="1 values of action for 2 rows"):
        audit.record_many(target_type="x.y", target_ids=[1, 2], action=["only one"])


def test_a_value_too_long_for_its_column_is_refused_not_cut():
    from django.db import DataError, transaction

    row = OutboxMessage.objects.create(task="short")
    row.task = "x" * 201  # task is a CharField(max_length=200)
    if POSTGRES:
        with pytest.raises(DataError), transaction.atomic():
            update_from_values(OutboxMessage, [row], ["task"])
        assert OutboxMessage.objects.get().task == "short"


def test_insert_values_writes_each_objects_values_and_sets_their_keys(
    rights_owner, django_assert_num_queries
):
    when = timezone.now()
    rows = [
        OutboxMessage(
            task="task.same",
            kwargs={"n": i, "quote": "it's"},
            dispatch_count=i,
            dispatched_at=when if i % 2 else None,
            last_error="",
        )
        for i in range(5)
    ]
    with django_assert_num_queries(1) as counted:
        assert insert_values(OutboxMessage, rows) == rows
    assert ("unnest" in counted.captured_queries[0]["sql"]) is POSTGRES
    assert all(row.pk and not row._state.adding for row in rows)
    stored = {m.pk: m for m in OutboxMessage.objects.all()}
    assert [
        (stored[r.pk].task, stored[r.pk].kwargs, stored[r.pk].dispatch_count) for r in rows
    ] == [("task.same", {"n": i, "quote": "it's"}, i) for i in range(5)]
    assert [stored[r.pk].dispatched_at for r in rows] == [when if i % 2 else None for i in range(5)]
    assert sorted(r.pk for r in rows) == [r.pk for r in rows]  # keys in the objects' order


def test_insert_values_sets_auto_now_add_and_handles_identical_rows(rights_owner):
    events = [AuditEvent(action="x.same", target_type="x.y", target_id="1") for _ in range(3)]
    insert_values(AuditEvent, events, batch_size=2)
    assert AuditEvent.objects.count() == 3
    assert all(e.created_at is not None for e in AuditEvent.objects.all())
    assert insert_values(AuditEvent, []) == []
