"""The marketplace connector: how the portal looks listings up and takes them down or restores
them. The default speaks to the portal's own catalogue (fed by operator imports); a marketplace
integration subclasses `MarketplaceConnector` and is chosen with
settings.IPP["MARKETPLACE_CONNECTOR"] (a dotted path)."""

from abc import ABC, abstractmethod
from collections.abc import Iterable

from django.conf import settings
from django.utils.module_loading import import_string

from accounts.models import User
from core import outbox

from . import selectors, services
from .models import Listing

DEFAULT_CONNECTOR = "catalogue.connector.CatalogueConnector"


class MarketplaceConnector(ABC):
    """A marketplace as the complaint workflow sees it. Implementations keep the portal's
    catalogue rows in step (listings are always returned as catalogue `Listing` rows)."""

    #: True when take_down/restore only write the portal's own database: they then run inside the
    #: decision's transaction. A remote marketplace (False) is called through the outbox after
    #: the decision commits, so an outage of the marketplace delays a takedown but never loses it.
    in_database = False

    @abstractmethod
    def lookup_listings(self, platform: str, listing_ids: Iterable[str]) -> dict[str, Listing]:
        """{listing id: Listing} for the known ids of one platform; a whole batch at once."""

    @abstractmethod
    def take_down(
        self, listing: Listing, *, actor: User | None = None, reason: str = ""
    ) -> Listing:
        """Remove the listing from sale. Idempotent."""

    @abstractmethod
    def restore(self, listing: Listing, *, actor: User | None = None, reason: str = "") -> Listing:
        """Put a taken-down listing back on sale. Idempotent."""


class CatalogueConnector(MarketplaceConnector):
    """The portal's own catalogue: one query per lookup batch; moves through the services."""

    in_database = True

    def lookup_listings(self, platform: str, listing_ids: Iterable[str]) -> dict[str, Listing]:
        return selectors.listings_by_ids(platform, listing_ids)

    def take_down(
        self, listing: Listing, *, actor: User | None = None, reason: str = ""
    ) -> Listing:
        return services.take_down_listing(listing=listing, actor=actor, reason=reason)

    def restore(self, listing: Listing, *, actor: User | None = None, reason: str = "") -> Listing:
        return services.restore_listing(listing=listing, actor=actor, reason=reason)


def get_connector() -> MarketplaceConnector:
    """The configured connector (read on each call, so settings overrides apply in tests)."""
    path = getattr(settings, "IPP", {}).get("MARKETPLACE_CONNECTOR", DEFAULT_CONNECTOR)
    return import_string(path)()


def take_down_listing(listing: Listing, *, actor: User | None = None, reason: str = "") -> None:
    """Take a listing down as part of the caller's transaction, or after it commits (outbox)."""
    _move(listing, "take_down", actor=actor, reason=reason)


def restore_listing(listing: Listing, *, actor: User | None = None, reason: str = "") -> None:
    _move(listing, "restore", actor=actor, reason=reason)


def _move(listing: Listing, action: str, *, actor: User | None, reason: str) -> None:
    connector = get_connector()
    if connector.in_database:
        getattr(connector, action)(listing, actor=actor, reason=reason)
        return
    outbox.enqueue(
        "catalogue.tasks.move_listing",
        listing_id=listing.pk,
        action=action,
        actor_id=getattr(actor, "pk", None),
        reason=reason,
    )
