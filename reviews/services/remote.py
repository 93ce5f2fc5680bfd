"""Remote marketplace moves for bulk decisions: run by `reviews.tasks` from the outbox, after the
decision (or its undo) committed. Each item is re-read so that the move follows the item's
current state, whatever the order in which the messages run."""

from django.contrib.auth import get_user_model

from catalogue.connector import get_connector
from complaints.models import ComplaintItem, ItemStatus

# The item statuses under which each move still applies.
STILL_WANTED = {
    "take_down": (ItemStatus.ACCEPTED, ItemStatus.UPHELD),
    "restore": (ItemStatus.VALID,),
}


def move_listings_of(item_ids: list[int], actor_id: int | None, *, action: str) -> int:
    """Take down (or restore) the listing of each item still in a status that wants it; returns
    how many listings were moved. Idempotent (the connector's moves are)."""
    items = ComplaintItem.objects.filter(
        pk__in=item_ids, status__in=STILL_WANTED[action], catalogue_listing__isnull=False
    ).select_related("catalogue_listing")
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    connector, moved = get_connector(), 0
    for item in items:
        getattr(connector, action)(
            item.catalogue_listing, actor=actor, reason=f"complaint #{item.complaint_id}"
        )
        moved += 1
    return moved
