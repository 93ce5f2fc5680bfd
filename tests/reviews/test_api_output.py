"""The list endpoints' planned serializers (core.api_output.PlannedOutput) answer exactly what
DRF's own `Serializer.to_representation` answers for the same rows: every field, every value,
for the complainant's, the seller's, the IPR owner's and the notification lists."""

import pytest
from rest_framework import serializers

from complaints.api import ComplaintOut, ComplaintRowOut, ItemOut
from complaints.models import Complaint
from core.api_output import PlannedOutput
from core.api_views import NotificationOut
from core.models import Notification
from ipr import selectors as ipr_selectors
from ipr.api.serializers import IPROut
from ipr.models import IPR
from reviews import selectors as review_selectors
from reviews.api import SellerItemOut
from reviews.services import counter_notices as cn
from reviews.services import decisions
from tests.ipr.conftest import IPRFactory

from .conftest import items_of
from .test_services import cn_input


def drf(serializer_class, rows, **kw) -> list[dict]:
    """DRF's own answer: the base class's to_representation, row by row."""
    serializer = serializer_class(**kw)
    return [serializers.Serializer.to_representation(serializer, row) for row in rows]


def planned(serializer_class, rows, **kw) -> list[dict]:
    return list(serializer_class(rows, many=True, **kw).data)


@pytest.fixture
def decided(complaint, reviewer, seller, complainant):
    """One URL accepted with a counter-notice, one accepted, one rejected with a note."""
    a, b, c = items_of(complaint)
    decisions.accept_item(item=a, actor=reviewer)
    decisions.accept_item(item=b, actor=reviewer)
    decisions.reject_item(item=c, actor=reviewer, reason="ipr_mismatch", note="Jewelry")
    cn.submit_counter_notice(item=a, actor=seller, data=cn_input())
    return complaint


@pytest.mark.django_db
def test_every_planned_serializer_is_planned():
    for serializer_class in (
        ComplaintOut,
        ComplaintRowOut,
        ItemOut,
        SellerItemOut,
        IPROut,
        NotificationOut,
    ):
        assert issubclass(serializer_class, PlannedOutput)


@pytest.mark.django_db
def test_complaints_and_their_urls_read_as_drf_reads_them(decided, complainant):
    rows = list(Complaint.objects.filter(complainant=complainant))
    assert planned(ComplaintOut, rows) == drf(ComplaintOut, rows)
    items = list(decided.items.all())
    assert planned(ItemOut, items) == drf(ItemOut, items)
    assert {row["status"] for row in planned(ItemOut, items)} >= {"accepted", "rejected"}


@pytest.mark.django_db
def test_sellers_urls_read_as_drf_reads_them(decided, seller):
    rows, _last = review_selectors.seller_page(seller)
    assert len(rows) == 2
    assert planned(SellerItemOut, rows) == drf(SellerItemOut, rows)


@pytest.mark.django_db
def test_the_sellers_api_rows_are_written_from_values_as_the_serializer_writes_them(
    decided, seller, complainant, reviewer
):
    """The API list writes its rows from plain values (reviews.api.seller_item_rows): the same
    answer as SellerItemOut over the same URLs as models, one with a counter-notice and an open
    answer window, one with a seller's window, and a DMCA complaint's URL without an account."""
    from complaints.models import DmcaNotice
    from reviews.api import seller_item_rows

    other = Complaint.objects.get(pk=decided.pk)
    other.pk = None
    other.complainant, other.status = None, "in_review"
    other.save()
    DmcaNotice.objects.create(
        complaint=other,
        notifier_name="Ann Agent",
        notifier_email="ann@agency.example",
        rights_owner_name="Acme Owner",
    )
    item = decided.items.order_by("pk").last()
    item.pk, item.complaint, item.status = None, other, "valid"
    item.decided_at = item.decided_by = None
    item.save()
    decisions.accept_item(item=item, actor=reviewer)

    models, _last = review_selectors.seller_page(seller)
    values, _last = review_selectors.seller_api_page(seller)
    assert len(models) == len(values) == 3
    written = seller_item_rows(values)
    assert written == list(SellerItemOut(models, many=True).data)
    assert {row["complainant"]["email"] for row in written} == {
        complainant.contact_email or complainant.email,
        "ann@agency.example",
    }
    assert any(row["counter_notice"] for row in written)
    assert any(row["counter_notice_due"] for row in written)
    assert any(row["complainant_answer_due"] for row in written)


@pytest.mark.django_db
def test_iprs_with_their_documents_read_as_drf_reads_them(complainant):
    IPRFactory(owner=complainant, authenticated=True)
    IPRFactory(owner=complainant, failed=True, renewal_of=IPRFactory(owner=complainant))
    rows = ipr_selectors.load_documents(list(IPR.objects.filter(owner=complainant)))
    answer = planned(IPROut, rows)
    assert answer == drf(IPROut, rows)
    assert any(row["renewal_of"] for row in answer)
    assert all(row["documents"] for row in answer)


@pytest.mark.django_db
def test_a_page_of_iprs_lists_each_ones_supporting_documents_in_the_order_uploaded(complainant):
    """load_documents reads the page's supporting documents in one query of values; each IPR
    lists the same documents as when it is read alone, none of another IPR's."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.files import proof_document

    with_docs, without = IPRFactory(owner=complainant), IPRFactory(owner=complainant)
    other = IPRFactory(owner=complainant)
    renewal, transfer, elsewhere = (
        proof_document(complainant, name) for name in ("renewal.png", "transfer.png", "x.png")
    )
    with_docs.supporting_documents.add(renewal)
    with_docs.supporting_documents.add(transfer)
    other.supporting_documents.add(elsewhere)
    page = list(IPR.objects.filter(pk__in=[with_docs.pk, without.pk, other.pk]).order_by("pk"))
    with CaptureQueriesContext(connection) as queries:
        ipr_selectors.load_documents(page, complainant)
        listed = {ipr.pk: ipr.documents_by_role() for ipr in page}
    assert len(queries) == 2  # the attached documents, the supporting ones
    alone = {pk: IPR.objects.get(pk=pk).documents_by_role() for pk in listed}
    assert listed == alone
    names = [doc.original_name for _label, doc in listed[with_docs.pk]][-2:]
    assert names == ["renewal.png", "transfer.png"]
    assert [doc.original_name for _label, doc in listed[other.pk]][-1:] == ["x.png"]
    assert all(doc.original_name != "renewal.png" for _label, doc in listed[without.pk])


@pytest.mark.django_db
def test_notifications_read_as_drf_reads_them(decided, complainant):
    Notification.objects.create(user=complainant, kind="x", title="Read", body="", link="/a/")
    rows = list(Notification.objects.filter(user=complainant))
    assert planned(NotificationOut, rows) == drf(NotificationOut, rows)
