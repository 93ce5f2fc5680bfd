"""Reads of the marketplace catalogue. Batch lookups are one query whatever the batch size."""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from accounts.models import User
from accounts.permissions import is_reviewer

from .models import Listing, Seller
from .urlcheck import normalize_listing_id


def listings_by_ids(platform: str, listing_ids: Iterable[str]) -> dict[str, Listing]:
    """{listing id: Listing} for the ids the catalogue knows, in one query. Ids are normalised
    like URLs are (leading zeros dropped); unknown ids are simply absent. The listings' stores
    and their accounts are not read (`seller_id` is on the row): a 200-URL complaint's lookup
    built 200 stores and 200 accounts that validating it never reads."""
    ids = {n for n in (normalize_listing_id(str(i)) for i in listing_ids) if n}
    if not ids:
        return {}
    rows = Listing.objects.filter(platform=platform, listing_id__in=ids)
    return {row.listing_id: row for row in rows}


def listings_of_seller_account(account: User) -> QuerySet[Listing]:
    """The listings of every store a seller account answers for."""
    return (
        Listing.objects.filter(seller__account=account)
        .select_related("seller")
        .order_by("platform", "listing_id")
    )


def stores_of_seller_account(account: User) -> QuerySet[Seller]:
    return Seller.objects.filter(account=account).order_by("platform", "store_name")


def can_import_catalogue(user: User | AnonymousUser | None) -> bool:
    """Marketplace operators' feeds: reviewers, staff, or holders of the dedicated permission."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if is_reviewer(user) or user.is_staff:
        return True
    return user.has_perm("catalogue.import_catalogue")
