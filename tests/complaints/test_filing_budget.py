"""What filing and validating one 200-URL complaint costs in queries, counted as production runs
it: real transactions (no test savepoints), rate-limit counters outside SQL (Redis in
production), the broker publish itself left out but the outbox's bookkeeping of it counted."""

import math

import pytest
from django.db import connection
from django.utils.module_loading import import_string
from rest_framework.test import APIClient

from accounts.models import complainant_key
from catalogue.models import ListingStatus
from complaints.models import Complaint, ComplaintItem, ComplaintStatus, ItemStatus
from core import outbox
from core.models import AuditEvent, OutboxMessage
from tests.catalogue.factories import ListingFactory, SellerFactory
from tests.complaints.conftest import url_of

pytestmark = pytest.mark.django_db(transaction=True)

BUDGET = 25
URLS = 200


@pytest.fixture
def published(monkeypatch, settings):
    """Message ids the outbox publishes; nothing runs until the test runs it."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    sent: list[int] = []
    runner = import_string(outbox.RUNNER)
    monkeypatch.setattr(runner, "apply_async", lambda args, **kw: sent.append(args[0]))
    return sent


def sqlite_split_statements() -> int:
    """Statements SQLite adds by splitting the bulk writes at Django's 999-variable limit
    (PostgreSQL sends each as one): the URLs' INSERT and UPDATE, and the audit rows' INSERT."""
    if connection.vendor == "postgresql":
        return 0

    def extra(model, fields: int, rows: int) -> int:
        columns = [f for f in model._meta.concrete_fields if not f.primary_key][:fields]
        return math.ceil(rows / connection.ops.bulk_batch_size(columns, range(rows))) - 1

    every = len(ComplaintItem._meta.concrete_fields) - 1
    return (
        extra(ComplaintItem, every, URLS)  # filing: the URLs' INSERT
        + extra(ComplaintItem, 2 + 6, URLS)  # validation: bulk_update of 6 fields (+ pk twice)
        + extra(AuditEvent, len(AuditEvent._meta.concrete_fields) - 1, URLS + 1)  # their audit
    )


def test_filing_and_validating_two_hundred_urls_stays_within_25_queries(
    complainant, trademark, published, django_assert_max_num_queries
):
    # As identity approval leaves an agency: its complainant name is checked for the sole-account
    # rule on every filing (two queries of the accounts app).
    complainant.complainant_name_key = complainant_key(complainant.complainant_name)
    complainant.save(update_fields=["complainant_name_key"])
    store = SellerFactory(platform="taobao")
    listings = [
        ListingFactory(platform="taobao", seller=store, listing_id=str(640_000_000_000 + n))
        for n in range(URLS)
    ]
    listings[0].status = ListingStatus.TAKEN_DOWN
    listings[0].save()
    api = APIClient()
    api.force_authenticate(complainant)
    body = {
        "platform": "taobao",
        "ipr": trademark.pk,
        "reason": "trademark_unauthorized_use",
        "urls": [url_of(x) for x in listings],
    }
    with django_assert_max_num_queries(BUDGET + sqlite_split_statements()):
        answer = api.post("/api/v1/complaints/", body, format="json")
        assert answer.status_code == 201, answer.json()
        assert outbox.run(published[0])
    assert len(answer.json()["items"]) == URLS
    complaint = Complaint.objects.get()
    assert (complaint.status, complaint.valid_count, complaint.processed_count) == (
        ComplaintStatus.SUBMITTED,
        URLS - 1,
        URLS,
    )
    assert complaint.items.filter(status=ItemStatus.VALID, seller=store).count() == URLS - 1
    moves = AuditEvent.objects.filter(target_type="complaints.complaintitem", from_status="pending")
    assert moves.count() == URLS
    assert OutboxMessage.objects.filter(task="core.tasks.send_templated_email").count() == 1
