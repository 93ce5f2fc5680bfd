"""The one check every status-changing service makes against its model's TRANSITIONS map."""

from django.utils.translation import gettext as _

from . import audit
from .errors import TransitionError


def check_transition(obj, to_status: str) -> None:
    allowed = type(obj).TRANSITIONS.get(obj.status, set())
    if to_status not in allowed:
        raise TransitionError(
            _("This cannot be done now: it is already %(status)s.")
            % {"status": obj.get_status_display().lower()},
        )


def bulk_transition(
    queryset,
    *,
    to_status: str,
    action: str,
    actor=None,
    reason: str = "",
    data: dict | None = None,
    audit_on: str = "",
    **fields,
) -> int:
    """Move every row of `queryset` to `to_status` at once: the rows are locked, each move is
    checked against the model's TRANSITIONS, one UPDATE moves them (setting `fields` too) and one
    INSERT writes an audit row per row (on the row itself, or on its `audit_on` foreign key, as
    the one-by-one service for the same move does). Returns how many rows moved."""
    model = queryset.model
    target_field = f"{audit_on}_id" if audit_on else "pk"
    rows = list(queryset.select_for_update().values_list("pk", "status", target_field))
    for _pk, status, _target in rows:
        if to_status not in model.TRANSITIONS.get(status, set()):
            raise TransitionError(
                _("This cannot be done now: it is already %(status)s.") % {"status": status}
            )
    if not rows:
        return 0
    model.objects.filter(pk__in=[pk for pk, _s, _t in rows]).update(status=to_status, **fields)
    label = (
        model._meta.get_field(audit_on).related_model._meta.label_lower
        if audit_on
        else model._meta.label_lower
    )
    audit.record_many(
        target_type=label,
        target_ids=[target for _pk, _status, target in rows],
        action=action,
        actor=actor,
        from_status=[status for _pk, status, _target in rows],
        to_status=to_status,
        reason=reason,
        data=[{**(data or {}), model._meta.model_name: pk} for pk, _status, _target in rows],
    )
    return len(rows)


def audit_moves(objs, *, from_status: str, action_prefix: str, actor=None, data=None) -> None:
    """For objects whose new status is set in memory and saved in bulk by the caller (each with
    its own other fields), check every move from `from_status` and write their audit rows in one
    INSERT: `<action_prefix>.<new status>`."""
    objs = list(objs)
    check_moves(objs, from_status=from_status)
    if objs:
        audit.record_many(
            **move_rows(objs, from_status=from_status, action_prefix=action_prefix, data=data),
            actor=actor,
        )


def check_moves(objs, *, from_status: str) -> None:
    """Every object's in-memory status must be a legal move from `from_status`."""
    for obj in objs:
        if obj.status not in type(obj).TRANSITIONS.get(from_status, set()):
            raise TransitionError(
                _("This cannot be done now: it is already %(status)s.") % {"status": from_status}
            )


def move_rows(objs, *, from_status: str, action_prefix: str, data=None) -> dict:
    """The `audit.record_many` arguments for moves checked by `check_moves`: one row per object,
    every column as a list (so that rows of several calls can be joined)."""
    return {
        "target_type": [obj._meta.label_lower for obj in objs],
        "target_ids": [obj.pk for obj in objs],
        "action": [f"{action_prefix}.{obj.status}" for obj in objs],
        "from_status": [from_status] * len(objs),
        "to_status": [obj.status for obj in objs],
        "data": [data(obj) if callable(data) else (data or {}) for obj in objs],
    }
