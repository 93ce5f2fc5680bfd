"""Celery tasks: load by primary key, call a service. Schedules live in settings."""

import datetime

from celery import shared_task

from . import services


@shared_task(acks_late=True)
def sweep_iprs() -> dict:
    """Daily (beat): withdraw what has expired, then send the 30- and 7-day reminders.
    Both services are idempotent, so a retry or a second delivery changes nothing."""
    withdrawn = services.withdraw_expired()
    reminded = services.send_expiry_reminders()
    return {"withdrawn": withdrawn, "reminded": reminded}


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_withdrawn_task(ipr_ids: list[int]) -> int:
    return services.notify_withdrawn(ipr_ids=ipr_ids)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_expiry_task(kind: str, ipr_ids: list[int], today: str) -> int:
    return services.notify_expiry(
        kind=kind, ipr_ids=ipr_ids, today=datetime.date.fromisoformat(today)
    )
