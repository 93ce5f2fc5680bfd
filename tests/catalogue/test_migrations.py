"""The catalogue models moved from `complaints` without touching their tables: a database
migrated before the move keeps its sellers, listings and the links complaints have to them."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE_MOVE = [("catalogue", None)]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor._create_project_state(with_applied_migrations=True).apps


@pytest.mark.django_db(transaction=True)
def test_migrating_past_the_move_keeps_sellers_and_listings():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    old = _migrate(BEFORE_MOVE)
    seller = old.get_model("complaints", "Seller").objects.create(
        platform="taobao", store_id="s-1", store_name="Kept Store"
    )
    old.get_model("complaints", "Listing").objects.create(
        platform="taobao", listing_id="600000000001", title="Kept", seller=seller, url="https://x"
    )
    try:
        new = _migrate(latest)
        listing = new.get_model("catalogue", "Listing").objects.get(listing_id="600000000001")
        assert listing.seller.store_name == "Kept Store"
        content_type = new.get_model("contenttypes", "ContentType")
        assert not content_type.objects.filter(app_label="complaints", model="listing").exists()
    finally:
        _migrate(latest)
