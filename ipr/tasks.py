"""Celery tasks: load by primary key, call a service. Schedules live in settings."""

import datetime

from celery import shared_task

from core.tasks import TRANSIENT

from . import services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=10,
)
def sweep_iprs() -> dict:
    """Daily (beat): withdraw what has expired, then send the 30- and 7-day reminders.
    Both services are idempotent, so a retry or a second delivery changes nothing."""
    withdrawn = services.withdraw_expired()
    reminded = services.send_expiry_reminders()
    return {"withdrawn": withdrawn, "reminded": reminded}


@shared_task
def notify_withdrawn_task(ipr_ids: list[int]) -> int:
    """Run through the outbox (one transaction: a retry after a fault notifies once)."""
    return services.notify_withdrawn(ipr_ids=ipr_ids)


@shared_task
def notify_expiry_task(kind: str, ipr_ids: list[int], today: str) -> int:
    return services.notify_expiry(
        kind=kind, ipr_ids=ipr_ids, today=datetime.date.fromisoformat(today)
    )
