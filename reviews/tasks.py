"""Periodic work: apply the outcome of every answer window whose due time has passed."""

from celery import shared_task

from .services.deadlines import apply_deadline, due_deadline_ids


@shared_task
def apply_due_deadlines() -> int:
    """Idempotent: each window is applied once, under its row lock; a rerun finds nothing due."""
    applied = 0
    for deadline_id in due_deadline_ids():
        apply_deadline(deadline_id=deadline_id)
        applied += 1
    return applied
