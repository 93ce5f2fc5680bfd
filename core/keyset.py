"""Keyset pagination bounds written as one row-value comparison, `(created_at, id) < (%s, %s)`.

The equivalent `created_at < %s OR (created_at = %s AND id < %s)` is only a filter to PostgreSQL:
the index scan starts at the beginning of the list and discards every row before the cursor, so
a page deep in a long list costs as much as reading the list up to it. The row comparison is an
index bound (PostgreSQL and SQLite both read it so), and every page costs the same."""

from collections.abc import Sequence

from django.db.models import BooleanField, F, Func, Model, Value


class _Row(Func):
    template = "(%(expressions)s)"
    arg_joiner = ", "


class RowComparison(Func):
    """`(lhs, ...) <op> (rhs, ...)` as a boolean expression usable in `QuerySet.filter`."""

    template = "%(expressions)s"
    output_field = BooleanField()

    def __init__(self, lhs: _Row, op: str, rhs: _Row):
        if op not in ("<", ">"):
            raise ValueError(op)
        self.arg_joiner = f" {op} "
        super().__init__(lhs, rhs)


def beyond(
    model: type[Model], fields: Sequence[str], values: Sequence, *, descending: bool
) -> RowComparison:
    """The rows after `values` in a list ordered by `fields` (all descending or all ascending):
    `qs.order_by(*fields).filter(beyond(...))` is the next page's query."""
    if len(fields) != len(values):
        raise ValueError("one value per field")
    meta = model._meta
    columns = _Row(*(F(name) for name in fields))
    bound = _Row(
        *(
            Value(value, output_field=meta.pk if name == "pk" else meta.get_field(name))
            for name, value in zip(fields, values, strict=True)
        )
    )
    return RowComparison(columns, "<" if descending else ">", bound)
