"""Writing the audit trail. Every status transition and every decision calls `record`, or
`record_many` for moves made in bulk (one row per target, written in one statement)."""

import json
from collections.abc import Sequence
from typing import Any

from django.db import connections, models, router
from django.utils import timezone

from .models import AuditEvent


def record(
    *,
    action: str,
    target: models.Model,
    actor=None,
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    data: dict[str, Any] | None = None,
    ip_address: str | None = None,
) -> AuditEvent:
    return AuditEvent.objects.create(
        actor=actor if (actor is not None and actor.is_authenticated) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        from_status=from_status or "",
        to_status=to_status or "",
        reason=reason or "",
        data=data or {},
        ip_address=ip_address,
    )


def record_many(
    *,
    target_type: str | Sequence[str],
    target_ids: Sequence[Any],
    action: str | Sequence[str],
    from_status: str | Sequence[str] = "",
    to_status: str | Sequence[str] = "",
    reason: str | Sequence[str] = "",
    data: dict[str, Any] | Sequence[dict[str, Any]] | None = None,
    actor=None,
) -> int:
    """One audit row per target id, all written in one statement, with the same `actor` (and, on
    PostgreSQL, the same time). Every other column is either one value for all rows or a
    sequence holding one value per target id, in the same order. On PostgreSQL this is a single
    INSERT ... SELECT FROM unnest() of the per-row values (no model instance per row);
    elsewhere `bulk_create`. Returns the number of rows written."""
    count = len(target_ids)
    if not count:
        return 0
    columns: dict[str, Any] = {
        "target_type": target_type,
        "target_id": [str(pk) for pk in target_ids],
        "action": action,
        "from_status": from_status or "",
        "to_status": to_status or "",
        "reason": reason or "",
        "data": data or {},
    }
    for name, value in columns.items():
        if not isinstance(value, str | dict) and len(value) != count:
            raise ValueError(f"record_many: {len(value)} values of {name} for {count} rows")
    actor_id = actor.pk if (actor is not None and actor.is_authenticated) else None
    connection = connections[router.db_for_write(AuditEvent)]
    if connection.vendor == "postgresql":
        _insert_unnest(connection, columns, actor_id)
    else:
        AuditEvent.objects.using(connection.alias).bulk_create(
            AuditEvent(actor_id=actor_id, **{k: _nth(v, i) for k, v in columns.items()})
            for i in range(count)
        )
    return count


def _nth(value: Any, i: int) -> Any:
    """Row `i`'s value of a column given once (str, dict) or per row."""
    return value if isinstance(value, str | dict) else value[i]


def _insert_unnest(connection, columns: dict[str, Any], actor_id: int | None) -> None:
    """INSERT ... SELECT: the values given once are parameters, the per-row ones text arrays
    unnested side by side (WITH ORDINALITY keeps their order in the ids)."""
    qn = connection.ops.quote_name
    selected: list[str] = []
    constants: list[str] = []
    arrays: list[list[str]] = []
    for name, value in columns.items():
        cast = "::jsonb" if name == "data" else ""
        if name == "data":
            value = _json(value)
        if isinstance(value, str):
            selected.append(f"%s{cast}")
            constants.append(value)
        else:
            selected.append(f"u.c{len(arrays)}{cast}")
            arrays.append(value)
    aliases = ", ".join(f"c{i}" for i in range(len(arrays)))
    unnest = ", ".join(["%s::text[]"] * len(arrays))
    column_of = {f.name: f.column for f in AuditEvent._meta.concrete_fields}
    names = ", ".join(qn(column_of[name]) for name in columns)
    table = qn(AuditEvent._meta.db_table)
    # Identifiers come from the model and every value is a parameter.
    sql = (
        f"INSERT INTO {table} (created_at, actor_id, {names}) "  # noqa: S608
        f"SELECT %s, %s, {', '.join(selected)} "
        f"FROM unnest({unnest}) WITH ORDINALITY AS u({aliases}, n) ORDER BY u.n"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [timezone.now(), actor_id, *constants, *arrays])


def _json(data: dict[str, Any] | Sequence[dict[str, Any]]) -> str | list[str]:
    """The JSON column as text: one document, or one per row."""
    if isinstance(data, dict):
        return json.dumps(data)
    return [json.dumps(d) for d in data]


def trail_for(target: models.Model):
    return AuditEvent.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")
