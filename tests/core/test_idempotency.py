"""Once means once: the Idempotency-Key header on the API's creates and the one-time token on
the page forms. A repeat replays the first answer and creates nothing."""

import re
import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test import Client
from django.test.client import encode_multipart
from django.urls import resolve
from django.utils import timezone
from rest_framework.test import APIClient

from complaints import services as complaint_services
from complaints.models import Complaint
from core.errors import DomainError
from core.idempotency import FORM_FIELD, IdempotentCreate
from core.models import Document, IdempotencyRecord
from core.tasks import purge_idempotency_records
from tests import files
from tests.catalogue.factories import ListingFactory
from tests.complaints.conftest import url_of
from tests.conftest import solve_altcha
from tests.factories import UserFactory
from tests.ipr.conftest import IPRFactory

KEY = "2f1c7a56-6a0e-4d35-9f0b-1e2d3c4b5a69"


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
        ListingFactory(platform="taobao", listing_id=str(610_000_000_000 + n)) for n in range(3)
    ]


@pytest.fixture
def api(complainant):
    client = APIClient()
    client.force_authenticate(complainant)
    return client


def complaint_body(trademark, listing=None, **kw):
    values = {"platform": "taobao", "ipr": trademark.pk, "reason": "trademark_unauthorized_use"}
    if listing is not None:
        values["urls"] = [url_of(listing)]
    return {**values, **kw}


def file(api, body, key=KEY, **extra):
    return api.post("/api/v1/complaints/", body, format="json", HTTP_IDEMPOTENCY_KEY=key, **extra)


# --- API -------------------------------------------------------------------------------------
@pytest.mark.django_db
def test_a_repeated_key_replays_the_first_response_and_files_once(api, trademark, listings):
    body = complaint_body(trademark, listings[0])
    first = file(api, body)
    again = file(api, body)
    assert first.status_code == again.status_code == 201, first.json()
    assert again.json() == first.json() and again.content == first.content
    assert again["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first
    assert Complaint.objects.count() == 1
    assert file(api, body, key="another-key").status_code == 201
    assert Complaint.objects.count() == 2


@pytest.mark.django_db
def test_the_quoted_structured_header_form_is_the_same_key(api, trademark, listings):
    body = complaint_body(trademark, listings[0])
    file(api, body)
    assert file(api, body, key=f'"{KEY}"')["Idempotent-Replayed"] == "true"
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_a_key_reused_with_another_body_is_refused(api, trademark, listings):
    assert file(api, complaint_body(trademark, listings[0])).status_code == 201
    reused = file(api, complaint_body(trademark, listings[1]))
    assert reused.status_code == 422
    assert reused.json()["code"] == "idempotency_key_reused" and reused.json()["detail"]
    documents = Document.objects.count()
    other_path = api.post(
        "/api/v1/documents/", {"file": files.png()}, format="multipart", HTTP_IDEMPOTENCY_KEY=KEY
    )
    assert other_path.status_code == 422
    assert Complaint.objects.count() == 1 and Document.objects.count() == documents


@pytest.mark.django_db
def test_keys_belong_to_their_user(complainant, rights_owner):
    def upload(user):
        client = APIClient()
        client.force_authenticate(user)
        return client.post(
            "/api/v1/documents/",
            {"file": files.png()},
            format="multipart",
            HTTP_IDEMPOTENCY_KEY=KEY,
        )

    mine, theirs = upload(complainant), upload(rights_owner)
    assert mine.status_code == theirs.status_code == 201
    assert mine.json()["id"] != theirs.json()["id"] and "Idempotent-Replayed" not in theirs
    assert Document.objects.filter(owner=complainant).count() == 1
    assert Document.objects.filter(owner=rights_owner).count() == 1


@pytest.mark.django_db
def test_a_multipart_retry_matches_whatever_boundary_the_client_picks(api):
    data = files.png()
    responses = []
    for boundary in ("first-boundary-1111", "retry-boundary-2222"):
        data.seek(0)
        responses.append(
            api.generic(
                "POST",
                "/api/v1/documents/",
                encode_multipart(boundary, {"file": data}),
                content_type=f"multipart/form-data; boundary={boundary}",
                HTTP_IDEMPOTENCY_KEY=KEY,
            )
        )
    first, retry = responses
    assert first.status_code == retry.status_code == 201, first.content
    assert retry["Idempotent-Replayed"] == "true" and retry.json() == first.json()
    assert Document.objects.filter(original_name="id.png").count() == 1


@pytest.mark.django_db
def test_a_refusal_by_the_rules_is_kept_and_replayed(api, trademark):
    body = complaint_body(trademark, urls=["not a url"])
    first = file(api, body)
    again = file(api, body)
    assert first.status_code == again.status_code == 400
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()


class _Unavailable(DomainError):
    status_code = 503
    code = "unavailable"


@pytest.mark.django_db
@pytest.mark.parametrize("failure", [RuntimeError("database gone"), _Unavailable("try later")])
def test_a_server_error_gives_the_key_back_so_a_retry_files(
    api, trademark, listings, monkeypatch, failure
):
    file_complaint = complaint_services.file_complaint_with_items  # what the API calls

    def fail_once(**kwargs):
        monkeypatch.setattr(complaint_services, "file_complaint_with_items", file_complaint)
        raise failure

    monkeypatch.setattr(complaint_services, "file_complaint_with_items", fail_once)
    api.raise_request_exception = False
    body = complaint_body(trademark, listings[0])
    assert file(api, body).status_code >= 500
    assert not IdempotencyRecord.objects.exists() and Complaint.objects.count() == 0
    retry = file(api, body)
    assert retry.status_code == 201 and "Idempotent-Replayed" not in retry
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_a_repeat_while_the_first_still_runs_is_told_to_wait(api, trademark, listings):
    body = complaint_body(trademark, listings[0])
    file(api, body)
    IdempotencyRecord.objects.update(completed_at=None)  # as if the first were still running
    busy = file(api, body)
    assert busy.status_code == 409 and busy.json()["code"] == "idempotency_key_in_use"
    assert int(busy["Retry-After"]) > 0
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_a_request_that_died_mid_way_no_longer_holds_its_key(api, trademark, listings):
    body = complaint_body(trademark, listings[0])
    file(api, body)
    IdempotencyRecord.objects.update(
        completed_at=None, created_at=timezone.now() - timedelta(minutes=11)
    )
    assert file(api, body).status_code == 201
    assert IdempotencyRecord.objects.get().completed_at is not None


@pytest.mark.django_db
def test_refused_requests_do_not_spend_the_key(complainant, trademark, listings):
    body = complaint_body(trademark, listings[0])
    assert file(APIClient(), body).status_code in (401, 403)
    assert not IdempotencyRecord.objects.exists()
    client = APIClient()
    client.force_authenticate(complainant)
    assert "Idempotent-Replayed" not in file(client, body)


@pytest.mark.django_db
@pytest.mark.parametrize("key", ["", "x" * 256, "caf\u00e9"])
def test_a_malformed_key_is_a_400(api, trademark, listings, key):
    response = file(api, complaint_body(trademark, listings[0]), key=key)
    assert response.status_code == 400 and response.json()["code"] == "idempotency_key_invalid"
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_anonymous_dmca_notices_replay_too(listings):
    notice = {
        "platform": "taobao",
        "reason": "copyright_image",
        "urls": [url_of(listings[0])],
        "work_description": "Photo 'Red Shoes' (2024)",
        "rights_owner_name": "Ann Photo",
        "notifier_name": "Ann Photo",
        "notifier_email": "ann@example.com",
        "notifier_phone": "+44 20 7946 0000",
        "notifier_address": "1 High St, London",
        "good_faith_statement": True,
        "accuracy_statement": True,
        "signature": "Ann Photo",
        "altcha": solve_altcha(),
    }
    first = APIClient().post(
        "/api/v1/dmca-notices/", notice, format="json", HTTP_IDEMPOTENCY_KEY=KEY
    )
    again = APIClient().post(
        "/api/v1/dmca-notices/", notice, format="json", HTTP_IDEMPOTENCY_KEY=KEY
    )
    assert first.status_code == 201, first.json()
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert Complaint.objects.count() == 1
    assert IdempotencyRecord.objects.get().scope == "anonymous"


@pytest.mark.django_db
def test_keys_older_than_a_day_are_purged(api, trademark, listings):
    file(api, complaint_body(trademark, listings[0]))
    file(api, complaint_body(trademark, listings[1]), key="fresh")
    IdempotencyRecord.objects.exclude(key="fresh").update(
        created_at=timezone.now() - timedelta(hours=25)
    )
    assert purge_idempotency_records() == 1
    assert list(IdempotencyRecord.objects.values_list("key", flat=True)) == ["fresh"]


CREATE_ENDPOINTS = [
    "/api/v1/complaints/",
    "/api/v1/complaints/1/submit/",
    "/api/v1/dmca-notices/",
    "/api/v1/documents/",
    "/api/v1/identity/submissions/",
    "/api/v1/identity/sole-account/",
    "/api/v1/iprs/",
    "/api/v1/iprs/1/renew/",
    "/api/v1/seller/items/1/counter-notice/",
    "/api/v1/auth/registrations/",
]


@pytest.mark.parametrize("path", CREATE_ENDPOINTS)
def test_every_create_endpoint_honours_the_key(path):
    assert issubclass(resolve(path).func.view_class, IdempotentCreate), path


@pytest.mark.django_db
def test_the_schema_documents_the_header_on_creates_only(api):
    paths = api.get("/api/schema/?format=json").json()["paths"]
    for path in ("/api/v1/complaints/", "/api/v1/documents/", "/api/v1/dmca-notices/"):
        names = [(p["name"], p["in"]) for p in paths[path]["post"].get("parameters", [])]
        assert ("Idempotency-Key", "header") in names, path
    listing = [p["name"] for p in paths["/api/v1/complaints/"]["get"].get("parameters", [])]
    assert "Idempotency-Key" not in listing


# --- pages -----------------------------------------------------------------------------------
def token_in(response) -> str:
    return re.search(rf'name="{FORM_FIELD}" value="([^"]+)"', response.content.decode()).group(1)


def form_data(trademark, listing, token, **kw):
    return {
        "platform": "taobao",
        "ipr": trademark.pk,
        "reason": "trademark_unauthorized_use",
        "urls": url_of(listing),
        "description": "Fake ACME shoes",
        "action": "submit",
        FORM_FIELD: token,
        **kw,
    }


@pytest.mark.django_db
def test_a_double_clicked_complaint_form_files_once(client, complainant, trademark, listings):
    client.force_login(complainant)
    token = token_in(client.get("/complaints/new/"))
    first = client.post("/complaints/new/", form_data(trademark, listings[0], token))
    second = client.post("/complaints/new/", form_data(trademark, listings[0], token), follow=True)
    complaint = Complaint.objects.get()
    assert first["Location"] == f"/complaints/{complaint.pk}/"
    assert second.redirect_chain == [(f"/complaints/{complaint.pk}/", 302)]
    assert "This form was already sent; here is the result." in second.content.decode()


@pytest.mark.django_db
def test_the_token_survives_a_form_shown_again_with_errors(
    client, complainant, trademark, listings
):
    client.force_login(complainant)
    token = token_in(client.get("/complaints/new/"))
    shown_again = client.post("/complaints/new/", form_data(trademark, listings[0], token, urls=""))
    assert shown_again.status_code == 200 and token_in(shown_again) == token
    assert "Fake ACME shoes" in shown_again.content.decode()
    assert (
        client.post("/complaints/new/", form_data(trademark, listings[0], token)).status_code == 302
    )
    assert Complaint.objects.count() == 1
    fresh = token_in(client.get("/complaints/new/"))
    assert fresh != token


@pytest.mark.django_db
def test_a_second_post_while_the_first_is_processing_says_so(
    client, complainant, trademark, listings, settings
):
    settings.FORM_ONCE_WAIT_SECONDS = 0
    client.force_login(complainant)
    token = token_in(client.get("/complaints/new/"))
    IdempotencyRecord.objects.create(scope="form", key=token, fingerprint="")  # the first, running
    response = client.post("/complaints/new/", form_data(trademark, listings[0], token))
    assert response.status_code == 409 and "still being sent" in response.content.decode()
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_a_form_without_a_token_still_works(client, complainant, trademark, listings):
    client.force_login(complainant)
    data = form_data(trademark, listings[0], "")
    del data[FORM_FIELD]
    assert client.post("/complaints/new/", data).status_code == 302
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_a_double_clicked_dmca_form_files_once_and_shows_the_receipt(
    client, listings, altcha_payload
):
    token = token_in(client.get("/dmca/"))
    data = {
        "platform": "taobao",
        "reason": "copyright_image",
        "urls": url_of(listings[0]),
        "work_description": "Photo 'Red Shoes' (2024)",
        "rights_owner_name": "Ann Photo",
        "notifier_name": "Ann Photo",
        "notifier_email": "ann@example.com",
        "notifier_phone": "+44 20 7946 0000",
        "notifier_address": "1 High St, London",
        "good_faith_statement": "on",
        "accuracy_statement": "on",
        "signature": "Ann Photo",
        "human_check": altcha_payload(),
        FORM_FIELD: token,
    }
    first = client.post("/dmca/", data)
    second = client.post("/dmca/", data, follow=True)
    complaint = Complaint.objects.get()
    assert second.redirect_chain == [(first["Location"], 302)]
    page = second.content.decode()
    assert f"#{complaint.pk}" in page and "This form was already sent" in page
    assert client.get("/dmca/?receipt=forged").status_code == 302


# --- at the same instant (PostgreSQL) --------------------------------------------------------
def _race(work, count=2):
    results, barrier = [], threading.Barrier(count)

    def run():
        try:
            barrier.wait()
            results.append(work())
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _n in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


def _need_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent inserts need PostgreSQL (CI runs this)")


@pytest.mark.django_db(transaction=True)
def test_two_identical_api_requests_at_once_file_one_complaint(store_of_listings):
    _need_postgres()
    owner, trademark, listing = store_of_listings

    def post():
        client = APIClient()
        client.force_authenticate(owner)
        return file(client, complaint_body(trademark, listing))

    responses = _race(post)
    statuses = sorted(r.status_code for r in responses)
    assert statuses in ([201, 201], [201, 409]), statuses
    assert Complaint.objects.count() == 1
    assert sum(1 for r in responses if "Idempotent-Replayed" not in r and r.status_code == 201) == 1


@pytest.mark.django_db(transaction=True)
def test_two_identical_form_posts_at_once_file_one_complaint(store_of_listings):
    _need_postgres()
    owner, trademark, listing = store_of_listings
    browser = Client()
    browser.force_login(owner)
    token = token_in(browser.get("/complaints/new/"))

    def post():
        client = Client()
        client.force_login(owner)
        return client.post("/complaints/new/", form_data(trademark, listing, token))

    responses = _race(post)
    complaint = Complaint.objects.get()
    assert [r.status_code for r in responses] == [302, 302]
    assert {r["Location"] for r in responses} == {f"/complaints/{complaint.pk}/"}


@pytest.fixture
def store_of_listings(transactional_db):
    owner = UserFactory(
        email="race.brand@example.com", identity_approved=True, complainant_name="Race Brands"
    )
    trademark = IPRFactory(owner=owner, authenticated=True, mark_word="RACE")
    return owner, trademark, ListingFactory(platform="taobao", listing_id="619000000001")
