from celery import shared_task
from django.utils import timezone

from core.tasks import TRANSIENT

from . import services, standing


@shared_task
def validate_complaint(complaint_id: int) -> str | None:
    """Validate a submitted complaint's URLs. Run through the outbox; idempotent and resumable:
    a redelivery after a lost worker only finishes what is still pending."""
    complaint = services.validate_complaint(complaint_id=complaint_id)
    return complaint.status if complaint else None


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=10,
)
def refresh_notifier_standings() -> int:
    """Daily (beat): expire sanctions whose time is over, then compute every due account's
    accuracy, tier and misuse-policy step, in batches (each its own transaction). Idempotent per
    day and resumable: an account done today is skipped, so a rerun or a retry after a crash
    only does the rest. Returns the accounts done by this run."""
    now = timezone.now()
    standing.expire_due_sanctions(now)
    ids = standing.accounts_to_refresh(now)
    size = standing.batch_size()
    return sum(
        standing.refresh_standings(account_ids=ids[start : start + size], now=now)
        for start in range(0, len(ids), size)
    )
