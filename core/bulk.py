"""Set-based writes that the ORM spells slowly.

`update_from_values` gives many rows each their own values in one statement. Django's
`bulk_update` does the same with one CASE WHEN per field and row, which costs far more to build
than to run (a 200-row, 6-field update: ~160 ms of Python for ~10 ms of SQL). On PostgreSQL this
sends `UPDATE t SET f = v.f FROM (VALUES (...), ...) AS v WHERE t.id = v.id` instead.

`insert_values` is `bulk_create` without its per-value work: on PostgreSQL one INSERT ... SELECT
FROM unnest() per batch, each column sent once, as an array, or as a single value when every row
holds the same (most columns of new rows do).

Elsewhere (SQLite: the local run and the first CI run) both fall back to the ORM's own."""

import re
from collections.abc import Callable, Iterable, Sequence

from django.db import connections, models, router

PK_ALIAS = "__pk"


def update_from_values(
    model: type[models.Model],
    objs: Iterable[models.Model],
    fields: Sequence[str],
    *,
    batch_size: int = 1000,
) -> int:
    """Write each object's own values of `fields` (concrete fields, by name) to its row: one
    statement per `batch_size` objects. Like `bulk_update`: no `save()`, no signals, no auto_now,
    every object must have a primary key. Returns the number of rows updated."""
    objs = list(objs)
    if not objs or not fields:
        return 0
    connection = connections[router.db_for_write(model)]
    if connection.vendor != "postgresql":
        manager = model._base_manager.using(connection.alias)
        return manager.bulk_update(objs, fields, batch_size=batch_size)
    columns = [model._meta.pk, *(model._meta.get_field(name) for name in fields)]
    updated = 0
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            cursor.execute(
                _statement(model, columns, len(batch), connection),
                _params(batch, columns, connection),
            )
            updated += cursor.rowcount
    return updated


def _statement(model, columns: list, rows: int, connection) -> str:
    """The UPDATE for `rows` rows. The first row casts each value to its column's type, which
    types the whole VALUES list (PostgreSQL resolves VALUES columns like a UNION)."""
    qn = connection.ops.quote_name
    pk, *fields = columns
    names = [qn(PK_ALIAS), *(qn(f.column) for f in fields)]
    first = ", ".join(f"%s::{_base_type(f, connection)}" for f in columns)
    other = ", ".join(["%s"] * len(columns))
    values = ", ".join([f"({first})", *[f"({other})"] * (rows - 1)])
    assignments = ", ".join(f"{qn(f.column)} = v.{qn(f.column)}" for f in fields)
    table = qn(model._meta.db_table)
    # Identifiers come from the model and every value is a parameter.
    return (
        f"UPDATE {table} AS t SET {assignments} "  # noqa: S608
        f"FROM (VALUES {values}) AS v ({', '.join(names)}) "
        f"WHERE t.{qn(pk.column)} = v.{qn(PK_ALIAS)}"
    )


def insert_values(
    model: type[models.Model], objs: Iterable[models.Model], *, batch_size: int = 1000
) -> list:
    """Insert `objs` with the values they hold and set their primary keys (an auto-incremented
    key): one statement per `batch_size` objects. Like `bulk_create`: no `save()`, no signals.
    Returns the objects."""
    objs = list(objs)
    connection = connections[router.db_for_write(model)]
    if not objs or connection.vendor != "postgresql":
        return model._base_manager.using(connection.alias).bulk_create(objs, batch_size=batch_size)
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    with connection.cursor() as cursor:
        for start in range(0, len(objs), batch_size):
            batch = objs[start : start + batch_size]
            sql, params = _insert(model, fields, batch, connection)
            cursor.execute(sql, params)
            pks = sorted(pk for (pk,) in cursor.fetchall())  # a sequence: in insertion order
            for obj, pk in zip(batch, pks, strict=True):
                obj.pk = pk
                obj._state.adding, obj._state.db = False, connection.alias
    return objs


def _insert(model, fields: list, batch: list, connection) -> tuple[str, list]:
    """INSERT ... SELECT ... FROM unnest(column arrays) WITH ORDINALITY ... ORDER BY ordinality."""
    qn = connection.ops.quote_name
    selected: list[str] = []
    constants: list = []
    arrays: list[tuple[list, str]] = []
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raw = [field.pre_save(obj, add=True) for obj in batch]  # set as save() sets them
        else:
            raw = [getattr(obj, field.attname) for obj in batch]
        kind = _base_type(field, connection)
        prep = _prepper(field, connection)
        if _all_same(raw):
            selected.append(f"%s::{kind}")
            constants.append(prep(raw[0]))
        else:
            selected.append(f"u.c{len(arrays)}")
            arrays.append(([prep(v) for v in raw], kind))
    names = ", ".join(qn(f.column) for f in fields)
    table, pk = qn(model._meta.db_table), qn(model._meta.pk.column)
    sql = (
        f"INSERT INTO {table} ({names}) SELECT {', '.join(selected)} "  # noqa: S608
        f"FROM {_rows(arrays)} ORDER BY u.n RETURNING {pk}"
    )
    per_row = [values for values, _kind in arrays] if arrays else [len(batch)]
    return sql, [*constants, *per_row]


def _rows(arrays: list[tuple[list, str]]) -> str:
    """The FROM clause: the per-row arrays side by side, numbered; one row per ordinal when
    every row is the same."""
    if not arrays:
        return "generate_series(1, %s) AS u(n)"
    aliases = ", ".join(f"c{i}" for i in range(len(arrays)))
    unnest = ", ".join(f"%s::{kind}[]" for _values, kind in arrays)
    return f"unnest({unnest}) WITH ORDINALITY AS u({aliases}, n)"


def _all_same(values: list) -> bool:
    first = values[0]
    return all(type(v) is type(first) and v == first for v in values)


def _base_type(field: models.Field, connection) -> str:
    """The column's type without its length or precision (varchar(20) -> varchar): an explicit
    cast to varchar(20) would silently cut a longer value; the assignment to the column then
    refuses it, as any UPDATE does."""
    return re.sub(r"\(.*\)$", "", field.db_type(connection) or "")


def _params(batch: list, columns: list, connection) -> list:
    pk, *fields = columns
    preps = [(f.attname, _prepper(f, connection)) for f in fields]
    params: list = []
    for obj in batch:
        params.append(pk.get_db_prep_value(obj.pk, connection))
        params.extend(prep(getattr(obj, attname)) for attname, prep in preps)
    return params


# Columns whose database value is the Python value itself when it has the column's plain type:
# Django's get_db_prep_save would pass it through four calls to return it unchanged. Anything
# else (a lazy string, a date, a decimal, JSON) still goes through the field.
_PLAIN_TYPES: dict[str, type] = {
    "CharField": str,
    "TextField": str,
    "EmailField": str,
    "SlugField": str,
    "URLField": str,
    "IntegerField": int,
    "BigIntegerField": int,
    "SmallIntegerField": int,
    "PositiveIntegerField": int,
    "PositiveBigIntegerField": int,
    "PositiveSmallIntegerField": int,
    "AutoField": int,
    "BigAutoField": int,
    "SmallAutoField": int,
    "BooleanField": bool,
}


def _prepper(field: models.Field, connection) -> Callable[[object], object]:
    """A function giving `field.get_db_prep_save(value, connection)`, without the calls for a
    value that is None or of the column's plain type."""

    def slow(value: object) -> object:
        return field.get_db_prep_save(value, connection)

    target = field.target_field if field.is_relation and field.many_to_one else field
    plain = _PLAIN_TYPES.get(target.get_internal_type())
    if plain is None or (field.is_relation and not field.many_to_one):
        return slow

    def prep(value: object) -> object:
        return value if value is None or type(value) is plain else slow(value)

    return prep
