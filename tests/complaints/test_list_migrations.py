"""The list indexes and the status counts migrate both ways on SQLite and PostgreSQL (where the
indexes are built CONCURRENTLY, outside a transaction), and counting starts from the rows already
there."""

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from complaints import selectors
from complaints.models import Complaint
from core import tallies
from tests.factories import UserFactory

BEFORE = [("complaints", "0004_catalogue_moved_out")]
INDEXES = {
    "complaints_complaint": {"complaint_owner_status", "complaint_review_queue"},
    "complaints_complaintitem": {"item_listing", "item_seller_visible"},
}


def _migrate(targets, *, forward: bool = False) -> None:
    """Forward, as `manage.py migrate` does: the migrations, then post_migrate (which puts back
    the tally triggers a SQLite table rebuild drops: core.tallies)."""
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(targets)
    executor.migrate(targets)
    if forward:
        emit_post_migrate_signal(0, False, "default", plan=plan)


def _indexes(table: str) -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.get_constraints(cursor, table))


@pytest.mark.django_db(transaction=True)
def test_list_migrations_go_back_and_forth_and_count_existing_complaints():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    owner = UserFactory(email="migrating@example.com")
    for status in ("draft", "submitted", "submitted", "closed"):
        Complaint.objects.create(
            complainant=owner, platform="taobao", reason="counterfeit", status=status
        )
    try:
        _migrate(BEFORE)
        assert not tallies.installed(selectors.STATUS_TALLY)
        for table, names in INDEXES.items():
            assert not names & _indexes(table)
        assert "item_listing_lookup" in _indexes("complaints_complaintitem")
        # Filed while the schema is the old one: the model of that state (later columns missing).
        then = MigrationExecutor(connection).loader.project_state(BEFORE).apps
        then.get_model("complaints", "Complaint").objects.create(
            complainant_id=owner.pk, platform="taobao", reason="counterfeit"
        )
        _migrate(latest, forward=True)
        for table, names in INDEXES.items():
            assert names <= _indexes(table)
        assert "item_listing_lookup" not in _indexes("complaints_complaintitem")
        assert selectors.status_counts(owner) == {"draft": 2, "submitted": 2, "closed": 1}
        Complaint.objects.filter(status="draft").update(status="withdrawn")
        assert selectors.status_counts(owner) == {"withdrawn": 2, "submitted": 2, "closed": 1}
    finally:
        _migrate(latest)


@pytest.mark.django_db
def test_a_concurrent_index_refuses_to_run_in_a_transaction_on_postgresql():
    from django.db import NotSupportedError, models, transaction

    from core.schema_operations import AddIndexConcurrently

    if connection.vendor != "postgresql":
        pytest.skip("CONCURRENTLY is PostgreSQL's")
    operation = AddIndexConcurrently(
        "complaint", models.Index(fields=["closed_at"], name="complaint_closed_probe")
    )
    executor = MigrationExecutor(connection)
    state = executor.loader.project_state(("complaints", "0006_status_tally"))
    new_state = state.clone()
    operation.state_forwards("complaints", new_state)
    with (
        transaction.atomic(),
        connection.schema_editor(atomic=False) as editor,
        pytest.raises(NotSupportedError),
    ):
        operation.database_forwards("complaints", editor, state, new_state)
