"""Review fixtures: a validated complaint against a linked seller's listings, actors, time."""

import datetime

import pytest
import time_machine

from complaints import services as complaint_svc
from complaints.models import ComplaintItem
from tests.catalogue.factories import ListingFactory, SellerFactory
from tests.complaints.conftest import url_of
from tests.factories import UserFactory
from tests.files import proof_document
from tests.ipr.conftest import IPRFactory

# Monday 2 March 2026, 10:00 UTC: three working days later is Thursday 5 March, 10:00.
MONDAY = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)


def at(moment: datetime.datetime):
    return time_machine.travel(moment, tick=False)


@pytest.fixture
def frozen():
    with at(MONDAY) as traveller:
        yield traveller


@pytest.fixture
def complainant(db):
    return UserFactory(
        email="brand@example.com",
        contact_email="ip@example.com",
        identity_approved=True,
        complainant_name="Acme Brands Ltd",
        phone="+86 555 0100",
        address="1 Secret Street",
    )


@pytest.fixture
def other_owner(db):
    return UserFactory(
        email="other-brand@example.com", identity_approved=True, complainant_name="Other Brand"
    )


@pytest.fixture
def store(seller):
    return SellerFactory(platform="taobao", store_name="Bargain Shoes", account=seller)


@pytest.fixture
def other_seller(db):
    return UserFactory(email="other-seller@example.com", seller=True)


@pytest.fixture
def other_store(other_seller):
    return SellerFactory(platform="taobao", store_name="Other Shop", account=other_seller)


@pytest.fixture
def trademark(complainant):
    return IPRFactory(owner=complainant, authenticated=True, mark_word="ACME", nice_classes=[25])


def make_listings(store, n, start=620_000_000_000, category="Apparel"):
    return [
        ListingFactory(
            platform=store.platform,
            listing_id=str(start + i),
            seller=store,
            title=f"ACME sneaker copy {i}",
            category=category,
        )
        for i in range(n)
    ]


def file_validated(
    complainant, ipr, listings, reason="counterfeit", platform="taobao", evidence=None
):
    data = complaint_svc.ComplaintInput(
        platform=platform,
        ipr=ipr,
        reason=reason,
        urls="\n".join(url_of(x) if platform == "taobao" else x.url for x in listings),
        # counterfeit requires proof
        evidence=[proof_document(complainant)] if evidence is None else evidence,
    )
    complaint = complaint_svc.file_complaint(complainant=complainant, data=data)
    complaint_svc.validate_complaint(complaint_id=complaint.pk)
    complaint.refresh_from_db()
    return complaint


def items_of(complaint) -> list[ComplaintItem]:
    return list(complaint.items.order_by("line"))


@pytest.fixture
def complaint(complainant, trademark, store):
    return file_validated(complainant, trademark, make_listings(store, 3))
