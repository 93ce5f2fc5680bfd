"""Periodic work: apply the outcome of every answer window whose due time has passed."""

import logging

from celery import shared_task

from core.tasks import TRANSIENT

from .services.deadlines import apply_deadline, due_deadline_ids

log = logging.getLogger(__name__)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=10,
)
def apply_due_deadlines() -> int:
    """Idempotent: each window is applied once, under its row locks; a rerun finds nothing due.
    Returns how many windows lapsed with their outcome applied (cancelled windows and windows
    another run had already handled are logged, not counted)."""
    done = {"lapsed": 0, "cancelled": 0, "skipped": 0}
    for deadline_id in due_deadline_ids():
        done[apply_deadline(deadline_id=deadline_id) or "skipped"] += 1
    log.info("deadlines: %s", done)
    return done["lapsed"]
