"""Two validations at once on PostgreSQL (a double submit, a client retry): the same listing is
never accepted as valid in two open complaints of the same owner."""

import threading

import pytest
from django.db import connection

from complaints import services as svc
from complaints.models import Complaint, ComplaintItem, ComplaintStatus, ItemStatus
from tests.catalogue.factories import ListingFactory, SellerFactory

from .conftest import url_of

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_validations_of_one_owner_never_both_accept_a_listing(complainant, trademark):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (CI runs this)")
    store = SellerFactory(platform="taobao")
    listings = [
        ListingFactory(platform="taobao", listing_id=str(730_000_000_000 + i), seller=store)
        for i in range(40)
    ]
    data = svc.ComplaintInput(
        platform="taobao",
        ipr=trademark,
        reason="counterfeit",
        urls="\n".join(url_of(x) for x in listings),
    )
    # Every chunk's UPDATE of the items takes 0.3 s, so both validations have read "already
    # complained" before either writes, unless something serializes them.
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION ipp_test_slow_items() RETURNS trigger AS $$ "
            "BEGIN PERFORM pg_sleep(0.3); RETURN NULL; END $$ LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER ipp_test_slow_items BEFORE UPDATE ON complaints_complaintitem "
            "FOR EACH STATEMENT EXECUTE FUNCTION ipp_test_slow_items()"
        )
    try:
        _race(complainant, data)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP TRIGGER ipp_test_slow_items ON complaints_complaintitem")
            cursor.execute("DROP FUNCTION ipp_test_slow_items()")


def _race(complainant, data):
    # Two submitted copies waiting for their validation (as after a double submit).
    pair = [svc.save_draft(complainant=complainant, data=data)[0] for _ in range(2)]
    Complaint.objects.filter(pk__in=[c.pk for c in pair]).update(status=ComplaintStatus.VALIDATING)
    barrier = threading.Barrier(2)

    def validate(complaint):
        try:
            barrier.wait()
            svc.validate_complaint(complaint_id=complaint.pk)
        finally:
            connection.close()

    threads = [threading.Thread(target=validate, args=(c,)) for c in pair]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    valid = ComplaintItem.objects.filter(complaint__in=pair, status=ItemStatus.VALID)
    listing_ids = list(valid.values_list("listing_id", flat=True))
    assert len(listing_ids) == len(set(listing_ids)) == 40
