import pytest

from tests.catalogue.factories import ListingFactory
from tests.factories import UserFactory
from tests.ipr.conftest import IPRFactory


@pytest.fixture
def complainant(db):
    return UserFactory(
        email="brand@example.com",
        contact_email="ip@example.com",
        identity_approved=True,
        complainant_name="Acme Brands Ltd",
    )


@pytest.fixture
def trademark(complainant):
    return IPRFactory(owner=complainant, authenticated=True, mark_word="ACME")


@pytest.fixture
def listings(db):
    return [
        ListingFactory(platform="taobao", listing_id=str(610_000_000_000 + n)) for n in range(5)
    ]


def url_of(listing) -> str:
    return f"https://item.taobao.com/item.htm?spm=a1z10.1&id={listing.listing_id}"
