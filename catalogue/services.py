"""Writes to the marketplace catalogue: listing takedown and restoration, and operator imports."""

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.permissions import is_seller
from core.audit import record
from core.errors import DomainError, TransitionError

from .audit_actions import CatalogueAction
from .models import CatalogueImport, Listing, ListingStatus, Seller
from .urlcheck import canonical_url

# --- listing status -----------------------------------------------------------------------------


def _move_listing(
    *, listing: Listing, to: str, actor: User | None, reason: str, action: str
) -> Listing:
    """Lock the row, check the move, save, audit. Already in `to`: returned unchanged, no audit
    row (the idempotency promise: a retried takedown or restore changes nothing)."""
    with transaction.atomic():
        locked = Listing.objects.select_for_update().get(pk=listing.pk)
        if locked.status == to:
            return locked
        if not locked.can_move_to(to):
            raise TransitionError(
                _("This listing is %(status)s and cannot be %(action)s.")
                % {"status": locked.get_status_display().lower(), "action": action_label(action)}
            )
        from_status = locked.status
        locked.status = to
        locked.save(update_fields=["status", "updated_at"])
        record(
            action=action,
            target=locked,
            actor=actor,
            from_status=from_status,
            to_status=to,
            reason=reason,
            data={"platform": locked.platform, "listing_id": locked.listing_id},
        )
    return locked


def action_label(action: str) -> str:
    return _("restored") if action == CatalogueAction.LISTING_RESTORED else _("taken down")


def take_down_listing(*, listing: Listing, actor: User | None = None, reason: str = "") -> Listing:
    """Remove a live or restored listing from sale. Idempotent."""
    return _move_listing(
        listing=listing,
        to=ListingStatus.TAKEN_DOWN,
        actor=actor,
        reason=reason,
        action=CatalogueAction.LISTING_TAKEN_DOWN,
    )


def restore_listing(*, listing: Listing, actor: User | None = None, reason: str = "") -> Listing:
    """Put a taken-down listing back on sale (accepted counter-notice). Idempotent."""
    return _move_listing(
        listing=listing,
        to=ListingStatus.RESTORED,
        actor=actor,
        reason=reason,
        action=CatalogueAction.LISTING_RESTORED,
    )


# --- imports ------------------------------------------------------------------------------------


class CatalogueImportError(DomainError):
    """Some rows refer to things that do not exist or contradict the catalogue. Nothing was
    written. `errors` lists each bad row: {"section", "row", "errors": {field: [message]}}."""

    code = "invalid_rows"

    def __init__(self, errors: list[dict[str, Any]]):
        super().__init__(_("Some rows are not valid; nothing was imported."))
        self.errors = errors


@dataclass
class _Plan:
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, section: str, row: int, field_name: str, message: str) -> None:
        self.errors.append({"section": section, "row": row, "errors": {field_name: [message]}})


def _keyed(model, key_field: str, keys) -> dict[tuple[str, str], Any]:
    grouped: dict[str, set[str]] = defaultdict(set)
    for platform, value in keys:
        grouped[platform].add(value)
    if not grouped:
        return {}
    query = Q()
    for platform, values in grouped.items():
        query |= Q(platform=platform, **{f"{key_field}__in": values})
    return {(row.platform, getattr(row, key_field)): row for row in model.objects.filter(query)}


def _accounts(plan: _Plan, sellers: list[dict]) -> dict[str, Any]:
    emails = {row["account_email"].lower() for row in sellers if row.get("account_email")}
    users = (
        {u.email.lower(): u for u in get_user_model().objects.filter(email__in=emails)}
        if emails
        else {}
    )
    for index, row in enumerate(sellers):
        email = (row.get("account_email") or "").lower()
        if email and (email not in users or not is_seller(users[email])):
            plan.error(
                "sellers", index, "account_email", _("There is no seller account with this email.")
            )
    return users


def _check_keys(plan: _Plan, section: str, rows: list[dict], key) -> None:
    seen: set = set()
    for index, row in enumerate(rows):
        if key(row) in seen:
            plan.error(section, index, "non_field_errors", _("This row repeats an earlier row."))
        seen.add(key(row))


def _check_listing_rows(plan, listings, known_sellers, existing) -> None:
    for index, row in enumerate(listings):
        if (row["platform"], row["seller_store_id"]) not in known_sellers:
            plan.error(
                "listings",
                index,
                "seller_store_id",
                _("No seller with this store id on this platform, in this import or before."),
            )
        current = existing.get((row["platform"], row["listing_id"]))
        wanted = row.get("status")
        if current and wanted and wanted != current.status and not current.can_move_to(wanted):
            plan.error(
                "listings",
                index,
                "status",
                _("A listing that is %(current)s cannot become %(wanted)s.")
                % {"current": current.status, "wanted": wanted},
            )


@transaction.atomic
def import_catalogue(
    *, sellers: list[dict], listings: list[dict], actor: User | None = None, source: str
) -> CatalogueImport:
    """Upsert sellers and listings (rows already shape-checked by the serializers), all or
    nothing. Unchanged rows are not written; an import that changes nothing returns an unsaved
    batch with zero counts. Status changes of known listings go through the transition services
    (one audit row each); the batch gets one audit row."""
    plan = _Plan()
    seller_key, listing_key = (
        lambda r: (r["platform"], r["store_id"]),
        lambda r: (r["platform"], r["listing_id"]),
    )
    _check_keys(plan, "sellers", sellers, seller_key)
    _check_keys(plan, "listings", listings, listing_key)
    users = _accounts(plan, sellers)
    referenced = {seller_key(r) for r in sellers} | {
        (r["platform"], r["seller_store_id"]) for r in listings
    }
    stores = _keyed(Seller, "store_id", referenced)
    existing = _keyed(Listing, "listing_id", {listing_key(r) for r in listings})
    _check_listing_rows(plan, listings, stores.keys() | {seller_key(r) for r in sellers}, existing)
    if plan.errors:
        raise CatalogueImportError(plan.errors)
    batch = CatalogueImport(
        actor=actor if actor and actor.is_authenticated else None, source=source
    )
    _write_sellers(batch, sellers, stores, users)
    _write_listings(batch, listings, stores, existing, actor)
    if not any(
        (
            batch.sellers_created,
            batch.sellers_updated,
            batch.listings_created,
            batch.listings_updated,
        )
    ):
        return batch
    batch.save()
    record(
        action=CatalogueAction.IMPORTED,
        target=batch,
        actor=actor,
        data={
            "source": source,
            "sellers_created": batch.sellers_created,
            "sellers_updated": batch.sellers_updated,
            "listings_created": batch.listings_created,
            "listings_updated": batch.listings_updated,
        },
    )
    return batch


def _write_sellers(batch, rows, stores: dict, users: dict) -> None:
    now = timezone.now()
    new, changed = [], []
    for row in rows:
        email = (row.get("account_email") or "").lower()
        account = users.get(email) if email else None
        current = stores.get((row["platform"], row["store_id"]))
        if current is None:
            seller = Seller(
                platform=row["platform"],
                store_id=row["store_id"],
                store_name=row["store_name"],
                account=account,
            )
            new.append(seller)
            stores[(seller.platform, seller.store_id)] = seller
            continue
        keep_account = "account_email" not in row  # absent: keep the link; empty: unlink
        account_id = account.pk if account else None
        if current.store_name != row["store_name"] or (
            not keep_account and current.account_id != account_id
        ):
            current.store_name = row["store_name"]
            if not keep_account:
                current.account = account
            current.updated_at = now
            changed.append(current)
    Seller.objects.bulk_create(new, batch_size=500)
    Seller.objects.bulk_update(changed, ["store_name", "account", "updated_at"], batch_size=500)
    batch.sellers_created, batch.sellers_updated = len(new), len(changed)


_LISTING_FIELDS = ("title", "category", "url")


def _write_listings(batch, rows, stores: dict, existing: dict, actor: User | None) -> None:
    now = timezone.now()
    new, changed, moves = [], [], []
    for row in rows:
        seller = stores[(row["platform"], row["seller_store_id"])]
        current = existing.get((row["platform"], row["listing_id"]))
        if current is None:
            new.append(
                Listing(
                    platform=row["platform"],
                    listing_id=row["listing_id"],
                    title=row["title"],
                    category=row.get("category") or "",
                    url=row.get("url") or canonical_url(row["platform"], row["listing_id"]),
                    status=row.get("status") or ListingStatus.LIVE,
                    seller=seller,
                )
            )
            continue
        wanted = {name: row[name] for name in _LISTING_FIELDS if row.get(name) is not None}
        dirty = current.seller_id != seller.pk or any(
            getattr(current, name) != value for name, value in wanted.items()
        )
        if dirty:
            for name, value in wanted.items():
                setattr(current, name, value)
            current.seller, current.updated_at = seller, now
            changed.append(current)
        if row.get("status") and row["status"] != current.status:
            moves.append((current, row["status"]))
    Listing.objects.bulk_create(new, batch_size=500)
    Listing.objects.bulk_update(changed, [*_LISTING_FIELDS, "seller", "updated_at"], batch_size=500)
    for listing, status in moves:
        mover = take_down_listing if status == ListingStatus.TAKEN_DOWN else restore_listing
        mover(listing=listing, actor=actor, reason=_("Marketplace catalogue import"))
    batch.listings_created = len(new)
    batch.listings_updated = len({listing.pk for listing in changed} | {m[0].pk for m in moves})
