"""The one check every status-changing service makes against its model's TRANSITIONS map."""

from django.utils.translation import gettext as _

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
    from .models import AuditEvent

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
    actor = actor if (actor is not None and actor.is_authenticated) else None
    AuditEvent.objects.bulk_create(
        [
            AuditEvent(
                actor=actor,
                action=action,
                target_type=label,
                target_id=str(target),
                from_status=status,
                to_status=to_status,
                reason=reason,
                data={**(data or {}), model._meta.model_name: pk},
            )
            for pk, status, target in rows
        ]
    )
    return len(rows)


def audit_moves(objs, *, from_status: str, action_prefix: str, actor=None, data=None) -> None:
    """For objects whose new status is set in memory and saved in bulk by the caller (each with
    its own other fields), check every move from `from_status` and write their audit rows in one
    INSERT: `<action_prefix>.<new status>`."""
    from .models import AuditEvent

    actor = actor if (actor is not None and actor.is_authenticated) else None
    events = []
    for obj in objs:
        if obj.status not in type(obj).TRANSITIONS.get(from_status, set()):
            raise TransitionError(
                _("This cannot be done now: it is already %(status)s.") % {"status": from_status}
            )
        events.append(
            AuditEvent(
                actor=actor,
                action=f"{action_prefix}.{obj.status}",
                target_type=obj._meta.label_lower,
                target_id=str(obj.pk),
                from_status=from_status,
                to_status=obj.status,
                data=data(obj) if callable(data) else (data or {}),
            )
        )
    AuditEvent.objects.bulk_create(events)
