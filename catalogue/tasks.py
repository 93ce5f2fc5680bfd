from celery import shared_task
from django.contrib.auth import get_user_model

from .connector import get_connector
from .models import Listing


@shared_task
def move_listing(listing_id: int, action: str, actor_id: int | None, reason: str) -> bool:
    """Take down or restore a listing on a remote marketplace (through the outbox). Connectors'
    moves are idempotent, so a repeated delivery changes nothing."""
    listing = Listing.objects.filter(pk=listing_id).first()
    if listing is None or action not in ("take_down", "restore"):
        return False
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    getattr(get_connector(), action)(listing, actor=actor, reason=reason)
    return True
