"""The marketplace catalogue: listing transitions and their audit rows, the connector, batch
lookups within a query budget, and imports (upsert, all or nothing, idempotent)."""

import pytest
from django.db import IntegrityError, transaction

from catalogue import selectors as catalogue_selectors
from catalogue.connector import CatalogueConnector, MarketplaceConnector, get_connector
from catalogue.models import CatalogueImport, Listing, ListingStatus, Seller
from catalogue.services import (
    CatalogueImportError,
    import_catalogue,
    restore_listing,
    take_down_listing,
)
from catalogue.urlcheck import check_urls
from core.audit import trail_for
from core.errors import TransitionError
from core.models import AuditEvent

from .factories import ListingFactory, SellerFactory

pytestmark = pytest.mark.django_db

MOVERS = {ListingStatus.TAKEN_DOWN: take_down_listing, ListingStatus.RESTORED: restore_listing}


@pytest.mark.parametrize("start", ListingStatus.values)
@pytest.mark.parametrize("to", list(MOVERS))
def test_transitions_map_is_the_only_definition_of_legal_moves(start, to, reviewer):
    listing = ListingFactory(status=start)
    legal = to in Listing.TRANSITIONS[start]
    if start == to:
        moved = MOVERS[to](listing=listing, actor=reviewer)
        assert moved.status == to and not trail_for(listing).exists()
    elif legal:
        moved = MOVERS[to](listing=listing, actor=reviewer, reason="complaint 42")
        assert moved.status == to
        event = trail_for(listing).get()
        assert (event.actor, event.from_status, event.to_status, event.reason) == (
            reviewer,
            start,
            to,
            "complaint 42",
        )
    else:
        with pytest.raises(TransitionError):
            MOVERS[to](listing=listing, actor=reviewer)
        listing.refresh_from_db()
        assert listing.status == start


def test_every_status_has_an_entry_in_the_transitions_map():
    assert set(Listing.TRANSITIONS) == set(ListingStatus.values)


def test_take_down_twice_changes_nothing_the_second_time(reviewer):
    listing = ListingFactory()
    take_down_listing(listing=listing, actor=reviewer)
    take_down_listing(listing=listing, actor=reviewer)
    listing.refresh_from_db()
    assert listing.status == ListingStatus.TAKEN_DOWN
    assert trail_for(listing).count() == 1


def test_restore_after_take_down_then_take_down_again(reviewer):
    listing = ListingFactory()
    for mover in (take_down_listing, restore_listing, restore_listing, take_down_listing):
        listing = mover(listing=listing, actor=reviewer)
    assert listing.status == ListingStatus.TAKEN_DOWN
    assert [e.to_status for e in trail_for(listing)] == ["taken_down", "restored", "taken_down"]


def test_default_connector_is_the_catalogue_and_moves_through_the_services(reviewer):
    connector = get_connector()
    assert isinstance(connector, CatalogueConnector)
    listing = ListingFactory()
    assert connector.take_down(listing, actor=reviewer).status == ListingStatus.TAKEN_DOWN
    assert connector.restore(listing, actor=reviewer).status == ListingStatus.RESTORED
    assert trail_for(listing).count() == 2


class FakeMarketplace(MarketplaceConnector):
    def lookup_listings(self, platform, listing_ids):
        return {}

    def take_down(self, listing, *, actor=None, reason=""):
        return listing

    def restore(self, listing, *, actor=None, reason=""):
        return listing


def test_connector_class_is_chosen_by_a_setting(settings):
    settings.IPP = {
        **settings.IPP,
        "MARKETPLACE_CONNECTOR": "tests.catalogue.test_catalogue.FakeMarketplace",
    }
    assert isinstance(get_connector(), FakeMarketplace)


def test_lookup_returns_known_listings_of_one_platform_and_their_store(django_assert_num_queries):
    seller = SellerFactory(linked=True)
    known = ListingFactory(seller=seller, listing_id="600000000777")
    ListingFactory(platform="tmall", listing_id="600000000778")
    with django_assert_num_queries(1):
        found = get_connector().lookup_listings(
            "taobao", ["600000000777", "0600000000777", "600000000778", "nope", "1"]
        )
        assert found == {"600000000777": known}
        assert found["600000000777"].seller_id == seller.pk


def test_lookup_of_nothing_runs_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert catalogue_selectors.listings_by_ids("taobao", []) == {}


def test_validating_200_urls_and_looking_them_up_takes_one_query(django_assert_num_queries):
    seller = SellerFactory()
    ids = [str(600_000_000_000 + n) for n in range(200)]
    Listing.objects.bulk_create(
        ListingFactory.build(seller=seller, listing_id=i, title="x") for i in ids
    )
    text = "\n".join(f"https://h5.m.taobao.com/awp/core/detail.htm?id={i}&x=1" for i in ids)
    with django_assert_num_queries(1):
        results = check_urls(text, platform="taobao")
        found = get_connector().lookup_listings("taobao", [r.listing_id for r in results if r.ok])
    assert len(found) == 200


def test_listing_ids_are_unique_per_platform():
    ListingFactory(listing_id="5")
    ListingFactory(listing_id="5", platform="tmall")
    seller = SellerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        ListingFactory(listing_id="5", seller=seller)


def test_seller_account_sees_its_stores_listings(seller):
    mine = ListingFactory(seller=SellerFactory(account=seller))
    ListingFactory()
    assert list(catalogue_selectors.listings_of_seller_account(seller)) == [mine]
    assert list(catalogue_selectors.stores_of_seller_account(seller)) == [mine.seller]


# --- imports ------------------------------------------------------------


def payload(n: int = 3, *, email: str | None = None):
    seller = {"platform": "taobao", "store_id": "tb-1", "store_name": "Sunrise"}
    if email is not None:
        seller["account_email"] = email
    listings = [
        {
            "platform": "taobao",
            "listing_id": str(600_000_000_000 + i),
            "title": f"Jacket {i}",
            "seller_store_id": "tb-1",
            "category": "Apparel",
        }
        for i in range(n)
    ]
    return {"sellers": [seller], "listings": listings}


def test_import_creates_sellers_and_listings_and_audits_the_batch(reviewer, seller):
    batch = import_catalogue(**payload(email=seller.email), actor=reviewer, source="api")
    assert (batch.sellers_created, batch.listings_created) == (1, 3)
    store = Seller.objects.get()
    assert store.account == seller
    listing = Listing.objects.get(listing_id="600000000000")
    assert listing.status == ListingStatus.LIVE
    assert listing.url == "https://item.taobao.com/item.htm?id=600000000000"
    event = trail_for(batch).get()
    assert (event.action, event.actor, event.data["listings_created"]) == (
        "catalogue.imported",
        reviewer,
        3,
    )


def test_importing_the_same_rows_again_changes_nothing():
    import_catalogue(**payload(), source="api")
    events = AuditEvent.objects.count()
    again = import_catalogue(**payload(), source="api")
    assert again.pk is None
    assert (again.sellers_updated, again.listings_updated) == (0, 0)
    assert CatalogueImport.objects.count() == 1 and AuditEvent.objects.count() == events


def test_import_updates_changed_rows_and_moves_status_through_the_services(reviewer):
    import_catalogue(**payload(), source="api")
    data = payload()
    data["sellers"][0]["store_name"] = "Sunrise Outdoor"
    data["listings"][0]["title"] = "Waterproof jacket"
    data["listings"][1]["status"] = "taken_down"
    batch = import_catalogue(**data, actor=reviewer, source="api")
    assert (batch.sellers_updated, batch.listings_updated, batch.listings_created) == (1, 2, 0)
    assert Listing.objects.get(listing_id="600000000000").title == "Waterproof jacket"
    moved = Listing.objects.get(listing_id="600000000001")
    assert moved.status == ListingStatus.TAKEN_DOWN
    assert trail_for(moved).get().action == "listing.taken_down"


def test_import_omitting_account_email_keeps_the_link_and_empty_unlinks(seller):
    import_catalogue(**payload(email=seller.email), source="api")
    import_catalogue(**payload(), source="api")
    assert Seller.objects.get().account == seller
    import_catalogue(**payload(email=""), source="api")
    assert Seller.objects.get().account is None


def test_bad_rows_are_all_reported_and_nothing_is_written(rights_owner):
    import_catalogue(**payload(1), source="api")
    take_down_listing(listing=Listing.objects.get())
    data = payload(3, email=rights_owner.email)  # not a seller account
    data["listings"][0]["status"] = "live"  # taken_down -> live is not a legal move
    data["listings"][1]["seller_store_id"] = "nobody"
    data["listings"].append(dict(data["listings"][2]))
    with pytest.raises(CatalogueImportError) as raised:
        import_catalogue(**data, source="api")
    where = {(e["section"], e["row"], next(iter(e["errors"]))) for e in raised.value.errors}
    assert where == {
        ("sellers", 0, "account_email"),
        ("listings", 0, "status"),
        ("listings", 1, "seller_store_id"),
        ("listings", 3, "non_field_errors"),
    }
    assert Listing.objects.count() == 1 and Seller.objects.get().account is None


def test_import_query_count_does_not_grow_with_rows(django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        import_catalogue(**payload(20), source="api")
    with django_assert_max_num_queries(12):
        data = payload(400)
        for row in data["listings"]:
            row["title"] += " v2"
        import_catalogue(**data, source="api")
    assert Listing.objects.count() == 400
