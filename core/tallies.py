"""Maintained counts: how many rows of a table are in each status, per owner and overall, read
in constant time instead of counting the table on every page.

Why database triggers: the count must be exact after every change, whoever makes it (the
services, a bulk `update()`, the admin, a data migration, a COPY), and must commit or roll back
with it. An AFTER trigger on the counted table runs inside the changing statement's transaction,
so a committed change is always counted and a rolled-back one never is.

Why deltas: a trigger that updated one counter row per (owner, status) would make every
complaint filed by an owner wait for the previous filing's transaction to commit (the row lock),
and a platform-wide row would serialise all filings; two transactions moving statuses in
opposite orders could deadlock. The triggers only INSERT (+1 / -1) rows, which never wait; the
count is their sum. `compact` folds a scope's rows into one per key (run every minute by
`core.tasks.compact_tallies`, and on read when a scope has many rows), so a read sums a few rows.

`InstallTally` is the migration operation that creates the triggers (PostgreSQL and SQLite) and
counts the existing rows, under a lock that holds writes back for the time of that count. SQLite
loses a table's triggers when a migration rebuilds the table, and `flush` empties the tables
with DELETE (which the triggers see): after every migrate or flush, each tally an app `keep`s
is re-installed and counted again if its triggers are missing, or counted again after a flush."""

# ruff: noqa: S608  (the SQL is built from TallySpec identifiers, checked below, never from input)
import re
from collections import defaultdict
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.migrations.operations.base import Operation
from django.db.models import Count
from django.db.models.signals import post_migrate

from .models import Tally

EVERYONE = 0
COMPACT_ON_READ = 2000  # a read that finds more rows than this folds them first
COMPACT_BATCH = 10_000
IDENTIFIER = re.compile(r"[a-z_][a-z0-9_]{0,62}")


@dataclass(frozen=True)
class TallySpec:
    name: str  # the tally's name in core_tally
    table: str  # the counted table
    key: str  # its status column
    scope: str = ""  # its owner column ("" for an overall count only)

    def __post_init__(self) -> None:
        for value in (self.name, self.table, self.key, self.scope or "x"):
            if not IDENTIFIER.fullmatch(value):
                raise ValueError(f"not a plain SQL identifier: {value!r}")

    @property
    def trigger(self) -> str:
        return f"{self.table}_tally"


# --- reading ------------------------------------------------------------------------------------
def counts(name: str, scope: int = EVERYONE) -> dict[str, int]:
    """{key: count} of the tally in `scope` (keys with no row are absent): one query, written
    as SQL because it runs on most pages and the ORM's compiling of it cost more than running it."""
    table = Tally._meta.db_table
    with connections["default"].cursor() as cursor:
        cursor.execute(
            f"SELECT key, SUM(delta), COUNT(*) FROM {table} "
            "WHERE name = %s AND scope = %s GROUP BY key",
            [name, scope],
        )
        rows = cursor.fetchall()
    if sum(r[2] for r in rows) > COMPACT_ON_READ:
        compact(name, scope)
    return {key: int(n) for key, n, _rows in rows if n}


# --- folding ------------------------------------------------------------------------------------
def compact(name: str, scope: int) -> int:
    """Replace up to COMPACT_BATCH of the scope's rows by one row per key; returns the rows
    removed. Rows another compaction holds are skipped (SKIP LOCKED) and rows of transactions not
    yet committed are not seen, so every delta is summed exactly once."""
    with transaction.atomic():
        rows = list(
            Tally.objects.select_for_update(skip_locked=True)
            .filter(name=name, scope=scope)
            .order_by("id")
            .values_list("id", "key", "delta")[:COMPACT_BATCH]
        )
        sums: dict[str, int] = defaultdict(int)
        for _id, key, delta in rows:
            sums[key] += delta
        if len(rows) <= len(sums):
            return 0
        Tally.objects.filter(id__in=[r[0] for r in rows]).delete()
        Tally.objects.bulk_create(
            [Tally(name=name, scope=scope, key=k, delta=n) for k, n in sums.items() if n]
        )
    return len(rows)


def compact_all(min_rows: int = 20) -> int:
    """Fold every scope with more than `min_rows` rows (the periodic task)."""
    busy = (
        Tally.objects.values_list("name", "scope")
        .annotate(rows=Count("id"))
        .filter(rows__gt=min_rows)
    )
    return sum(compact(name, scope) for name, scope, _rows in busy)


# --- the triggers -------------------------------------------------------------------------------
def _pg_rows(spec: TallySpec, row: str, sign: str) -> str:
    sql = (
        f"INSERT INTO core_tally (name, scope, key, delta) "
        f"VALUES ('{spec.name}', {EVERYONE}, {row}.{spec.key}, {sign}1);"
    )
    if spec.scope:
        sql += (
            f" IF {row}.{spec.scope} IS NOT NULL THEN INSERT INTO core_tally "
            f"(name, scope, key, delta) VALUES ('{spec.name}', {row}.{spec.scope}, "
            f"{row}.{spec.key}, {sign}1); END IF;"
        )
    return sql


def _pg_install(spec: TallySpec) -> list[str]:
    changed = f"OLD.{spec.key} IS DISTINCT FROM NEW.{spec.key}"
    columns = spec.key
    if spec.scope:
        changed += f" OR OLD.{spec.scope} IS DISTINCT FROM NEW.{spec.scope}"
        columns += f", {spec.scope}"
    return [
        f"LOCK TABLE {spec.table} IN SHARE ROW EXCLUSIVE MODE",
        f"""CREATE OR REPLACE FUNCTION {spec.trigger}() RETURNS trigger AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN {_pg_rows(spec, "OLD", "-")} END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN {_pg_rows(spec, "NEW", "+")} END IF;
  RETURN NULL;
END;
$$ LANGUAGE plpgsql""",
        f"CREATE TRIGGER {spec.trigger}_insert_delete AFTER INSERT OR DELETE ON {spec.table} "
        f"FOR EACH ROW EXECUTE FUNCTION {spec.trigger}()",
        f"CREATE TRIGGER {spec.trigger}_update AFTER UPDATE OF {columns} ON {spec.table} "
        f"FOR EACH ROW WHEN ({changed}) EXECUTE FUNCTION {spec.trigger}()",
    ]


def _sqlite_rows(spec: TallySpec, row: str, sign: str) -> str:
    sql = (
        f"INSERT INTO core_tally (name, scope, key, delta) "
        f"VALUES ('{spec.name}', {EVERYONE}, {row}.{spec.key}, {sign}1);"
    )
    if spec.scope:
        sql += (
            f" INSERT INTO core_tally (name, scope, key, delta) SELECT '{spec.name}', "
            f"{row}.{spec.scope}, {row}.{spec.key}, {sign}1 WHERE {row}.{spec.scope} IS NOT NULL;"
        )
    return sql


def _sqlite_install(spec: TallySpec) -> list[str]:
    changed = f"OLD.{spec.key} IS NOT NEW.{spec.key}"
    columns = spec.key
    if spec.scope:
        changed += f" OR OLD.{spec.scope} IS NOT NEW.{spec.scope}"
        columns += f", {spec.scope}"
    t = spec.trigger
    return [
        f"CREATE TRIGGER {t}_insert AFTER INSERT ON {spec.table} "
        f"BEGIN {_sqlite_rows(spec, 'NEW', '+')} END",
        f"CREATE TRIGGER {t}_delete AFTER DELETE ON {spec.table} "
        f"BEGIN {_sqlite_rows(spec, 'OLD', '-')} END",
        f"CREATE TRIGGER {t}_update AFTER UPDATE OF {columns} ON {spec.table} WHEN {changed} "
        f"BEGIN {_sqlite_rows(spec, 'OLD', '-')} {_sqlite_rows(spec, 'NEW', '+')} END",
    ]


def _uninstall(spec: TallySpec, vendor: str) -> list[str]:
    t = spec.trigger
    if vendor == "postgresql":
        return [
            f"DROP TRIGGER IF EXISTS {t}_insert_delete ON {spec.table}",
            f"DROP TRIGGER IF EXISTS {t}_update ON {spec.table}",
            f"DROP FUNCTION IF EXISTS {t}()",
            f"DELETE FROM core_tally WHERE name = '{spec.name}'",
        ]
    return [
        *(f"DROP TRIGGER IF EXISTS {t}_{event}" for event in ("insert", "delete", "update")),
        f"DELETE FROM core_tally WHERE name = '{spec.name}'",
    ]


def _seed(spec: TallySpec) -> list[str]:
    """Count the rows already there (after the triggers exist, under their lock)."""
    sql = [
        f"DELETE FROM core_tally WHERE name = '{spec.name}'",
        f"INSERT INTO core_tally (name, scope, key, delta) SELECT '{spec.name}', {EVERYONE}, "
        f"{spec.key}, COUNT(*) FROM {spec.table} GROUP BY {spec.key}",
    ]
    if spec.scope:
        sql.append(
            f"INSERT INTO core_tally (name, scope, key, delta) SELECT '{spec.name}', "
            f"{spec.scope}, {spec.key}, COUNT(*) FROM {spec.table} "
            f"WHERE {spec.scope} IS NOT NULL GROUP BY {spec.scope}, {spec.key}"
        )
    return sql


def install_sql(spec: TallySpec, vendor: str) -> list[str]:
    if vendor == "postgresql":
        return [*_pg_install(spec), *_seed(spec)]
    if vendor == "sqlite":
        return [*_sqlite_install(spec), *_seed(spec)]
    raise NotImplementedError(f"tally triggers for {vendor}")


class InstallTally(Operation):
    """Create the triggers that keep `spec`'s tally and count the table's existing rows, in the
    migration's transaction (writes to the table wait for it; reads do not). Reversible."""

    reduces_to_sql = True
    reversible = True

    def __init__(self, spec: TallySpec):
        self.spec = spec

    def state_forwards(self, app_label, state) -> None:
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        for sql in install_sql(self.spec, schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        for sql in _uninstall(self.spec, schema_editor.connection.vendor):
            schema_editor.execute(sql, params=None)

    def describe(self) -> str:
        return f"Keep the {self.spec.name} tally of {self.spec.table} by triggers"


# --- keeping the triggers there -----------------------------------------------------------------
_KEPT: dict[str, TallySpec] = {}


def keep(spec: TallySpec) -> None:
    """Declare a tally (in the counting app's AppConfig.ready)."""
    from django.apps import apps

    _KEPT[spec.name] = spec
    # post_migrate is sent once per app: answer core's only (every migration has run by then).
    post_migrate.connect(
        _after_migrate, sender=apps.get_app_config("core"), dispatch_uid="core.tallies"
    )


def installed(spec: TallySpec, using: str = "default") -> bool:
    with connections[using].cursor() as cursor:
        if connections[using].vendor == "postgresql":
            cursor.execute("SELECT 1 FROM pg_trigger WHERE tgname LIKE %s", [f"{spec.trigger}_%"])
        else:
            cursor.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name LIKE %s",
                [f"{spec.trigger}_%"],
            )
        return cursor.fetchone() is not None


def _after_migrate(sender, using: str = "default", plan=None, **kwargs) -> None:
    conn = connections[using]
    tables = set(conn.introspection.table_names())
    for spec in _KEPT.values():
        if spec.table not in tables or "core_tally" not in tables:
            continue
        if installed(spec, using):
            if plan is not None:
                continue  # a migrate that left the triggers alone: the tally is right
            statements = _seed(spec)  # after a flush
        else:
            statements = [*_uninstall(spec, conn.vendor), *install_sql(spec, conn.vendor)]
        with transaction.atomic(using=using), conn.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
