from celery import shared_task

from . import complaint_services


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def validate_complaint(complaint_id: int) -> str | None:
    """Validate a submitted complaint's URLs; idempotent, so a redelivery after a lost worker
    only finishes what is still pending."""
    complaint = complaint_services.validate_complaint(complaint_id=complaint_id)
    return complaint.status if complaint else None
