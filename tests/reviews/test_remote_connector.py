"""A remote marketplace is called through the outbox after the decision commits: a takedown is
never lost to a marketplace or broker outage, and never sent for a decision that rolled back."""

import pytest

from catalogue.connector import CatalogueConnector
from catalogue.models import ListingStatus
from core.models import OutboxMessage
from reviews.services import decisions

from .conftest import items_of


class RemoteCatalogueConnector(CatalogueConnector):
    """The catalogue, but treated as a remote marketplace (not part of the decision's
    transaction), so the outbox path is the one exercised."""

    in_database = False


@pytest.fixture
def remote(settings):
    settings.IPP = {
        **settings.IPP,
        "MARKETPLACE_CONNECTOR": "tests.reviews.test_remote_connector.RemoteCatalogueConnector",
    }


@pytest.mark.django_db
def test_accepting_a_url_takes_the_remote_listing_down_after_commit(
    remote, complaint, reviewer, frozen, django_capture_on_commit_callbacks
):
    item = items_of(complaint)[0]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        decisions.accept_item(item=item, actor=reviewer)
    listing = item.catalogue_listing
    listing.refresh_from_db()
    assert listing.status == ListingStatus.LIVE  # not yet: the marketplace is called after commit
    message = OutboxMessage.objects.get(task="catalogue.tasks.move_listing")
    assert message.kwargs["action"] == "take_down"
    for callback in callbacks:
        callback()
    listing.refresh_from_db()
    message.refresh_from_db()
    assert listing.status == ListingStatus.TAKEN_DOWN
    assert message.completed_at is not None


@pytest.mark.django_db
def test_the_portals_own_catalogue_moves_inside_the_decision(complaint, reviewer, frozen):
    item = items_of(complaint)[0]
    decisions.accept_item(item=item, actor=reviewer)
    item.catalogue_listing.refresh_from_db()
    assert item.catalogue_listing.status == ListingStatus.TAKEN_DOWN
    assert not OutboxMessage.objects.filter(task="catalogue.tasks.move_listing").exists()
