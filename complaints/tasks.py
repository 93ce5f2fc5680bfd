from celery import shared_task

from . import services


@shared_task
def validate_complaint(complaint_id: int) -> str | None:
    """Validate a submitted complaint's URLs. Run through the outbox; idempotent and resumable:
    a redelivery after a lost worker only finishes what is still pending."""
    complaint = services.validate_complaint(complaint_id=complaint_id)
    return complaint.status if complaint else None
