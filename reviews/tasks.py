"""Periodic work: apply the outcome of every answer window whose due time has passed; and the
remote marketplace moves of bulk decisions and undos (through the outbox)."""

import logging

from celery import shared_task

from core.tasks import TRANSIENT

from .services.deadlines import apply_deadlines, due_deadline_groups
from .services.remote import move_listings_of

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
    another run had already handled are logged, not counted). A complaint's windows are applied
    together: one notice per person for them, not one per URL."""
    done = {"lapsed": 0, "cancelled": 0, "skipped": 0}
    for group in due_deadline_groups():
        for outcome in apply_deadlines(deadline_ids=group):
            done[outcome or "skipped"] += 1
    log.info("deadlines: %s", done)
    return done["lapsed"]


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=10,
)
def apply_takedowns(item_ids: list[int], actor_id: int | None) -> int:
    """A batch of accepted URLs on a remote marketplace (through the outbox). Re-reads each item:
    one undone meanwhile (back to valid) is skipped. Connector moves are idempotent."""
    return move_listings_of(item_ids, actor_id, action="take_down")


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=10,
)
def apply_restores(item_ids: list[int], actor_id: int | None) -> int:
    """Undone takedowns on a remote marketplace; skips an item accepted again meanwhile."""
    return move_listings_of(item_ids, actor_id, action="restore")
