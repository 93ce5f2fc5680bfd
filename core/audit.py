"""Writing the audit trail. Every status transition and every decision calls `record`."""

from typing import Any

from django.db import models

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


def trail_for(target: models.Model):
    return AuditEvent.objects.filter(
        target_type=target._meta.label_lower, target_id=str(target.pk)
    ).select_related("actor")
