from celery import shared_task

from . import complaint_services


@shared_task
def validate_complaint(complaint_id: int) -> str | None:
    """Validate a submitted complaint's URLs. Run through the outbox; idempotent and resumable:
    a redelivery after a lost worker only finishes what is still pending."""
    complaint = complaint_services.validate_complaint(complaint_id=complaint_id)
    return complaint.status if complaint else None


@shared_task
def move_listing(listing_id: int, action: str, actor_id: int | None, reason: str) -> bool:
    """Take down or restore a listing on a remote marketplace (through the outbox). Connectors'
    moves are idempotent, so a repeated delivery changes nothing."""
    from django.contrib.auth import get_user_model

    from .connector import get_connector
    from .models import Listing

    listing = Listing.objects.filter(pk=listing_id).first()
    if listing is None or action not in ("take_down", "restore"):
        return False
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    getattr(get_connector(), action)(listing, actor=actor, reason=reason)
    return True
