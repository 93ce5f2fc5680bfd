import pytest
from rest_framework.test import APIClient

from complaints.models import Complaint
from tests import files
from tests.complaints.conftest import url_of
from tests.conftest import solve_altcha


@pytest.fixture
def api():
    return APIClient()


def body(trademark, urls, **kw):
    values = {
        "platform": "taobao",
        "ipr": trademark.pk,
        "reason": "trademark_unauthorized_use",
        "urls": urls,
    }
    values.update(kw)
    return values


@pytest.mark.django_db
def test_agency_files_with_evidence_and_follows_validation(
    api, complainant, trademark, listings, django_capture_on_commit_callbacks
):
    api.force_authenticate(complainant)
    doc = api.post("/api/v1/documents/", {"file": files.png()}, format="multipart").json()
    with django_capture_on_commit_callbacks(execute=True):
        created = api.post(
            "/api/v1/complaints/",
            body(trademark, [url_of(listings[0]), url_of(listings[1])], evidence=[doc["id"]]),
            format="json",
        )
    assert created.status_code == 201, created.json()
    detail = api.get(f"/api/v1/complaints/{created.json()['id']}/").json()
    assert detail["status"] == "submitted" and detail["valid_count"] == 2
    assert [i["status"] for i in detail["items"]] == ["valid", "valid"]
    assert detail["evidence"] == [doc["id"]]
    page = api.get("/api/v1/complaints/?platform=taobao").json()
    assert [c["id"] for c in page["results"]] == [detail["id"]] and page["next"] == ""
    timeline = api.get(f"/api/v1/complaints/{detail['id']}/timeline/").json()
    assert timeline[-1]["action"] == "complaint.validated"


@pytest.mark.django_db
def test_bad_lines_come_back_with_codes_and_nothing_is_filed(api, complainant, trademark, listings):
    api.force_authenticate(complainant)
    response = api.post(
        "/api/v1/complaints/",
        body(
            trademark,
            [
                url_of(listings[0]),
                "https://user:pw@item.taobao.com/item.htm?id=1",
                "https://s.taobao.com/search?q=acme",
                url_of(listings[0]),
            ],
        ),
        format="json",
    )
    assert response.status_code == 400
    assert [line["error"] for line in response.json()["lines"]] == [
        None,
        "invalid_url",
        "not_listing",
        "duplicate",
    ]
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "patch, field",
    [
        ({"platform": "ebay"}, "platform"),
        ({"reason": "because"}, "reason"),
        ({"urls": []}, "urls"),
        ({"ipr": "x"}, "ipr"),
        ({"evidence": ["nope"]}, "evidence"),
        ({"description": "x" * 5001}, "description"),
    ],
)
def test_invalid_fields_are_400_naming_the_field(
    api, complainant, trademark, listings, patch, field
):
    api.force_authenticate(complainant)
    response = api.post(
        "/api/v1/complaints/", {**body(trademark, [url_of(listings[0])]), **patch}, format="json"
    )
    assert response.status_code == 400 and field in response.json()


@pytest.mark.django_db
def test_someone_elses_evidence_or_complaint_is_refused(
    api, complainant, trademark, listings, outsider
):
    api.force_authenticate(outsider)
    other_doc = api.post("/api/v1/documents/", {"file": files.png()}, format="multipart").json()
    api.force_authenticate(complainant)
    response = api.post(
        "/api/v1/complaints/",
        body(trademark, [url_of(listings[0])], evidence=[other_doc["id"]]),
        format="json",
    )
    assert response.status_code == 400 and response.json()["field"] == "evidence"
    created = api.post(
        "/api/v1/complaints/", body(trademark, [url_of(listings[0])]), format="json"
    ).json()
    api.force_authenticate(outsider)
    assert api.get(f"/api/v1/complaints/{created['id']}/").status_code == 404
    assert api.post(f"/api/v1/complaints/{created['id']}/withdraw/").status_code == 404
    assert api.get("/api/v1/complaints/").json()["results"] == []


@pytest.mark.django_db
def test_draft_then_submit(api, complainant, trademark, listings):
    api.force_authenticate(complainant)
    draft = api.post(
        "/api/v1/complaints/", body(trademark, [url_of(listings[0])], submit=False), format="json"
    ).json()
    assert draft["status"] == "draft"
    submitted = api.post(f"/api/v1/complaints/{draft['id']}/submit/").json()
    assert submitted["status"] in ("validating", "submitted")
    assert api.post(f"/api/v1/complaints/{draft['id']}/submit/").status_code == 409


@pytest.mark.django_db
def test_options_list_reasons_per_ipr_and_why_others_are_not_offered(api, complainant, trademark):
    from tests.ipr.conftest import IPRFactory

    IPRFactory(owner=complainant, kind="patent", patent_type="design", title="Lamp")
    api.force_authenticate(complainant)
    options = api.get("/api/v1/complaints/options/").json()
    assert options["can_file"] is True
    assert [r["code"] for r in options["iprs"][0]["reasons"]] == [
        "counterfeit",
        "trademark_unauthorized_use",
        "trademark_other",
    ]
    assert "waiting for a reviewer" in options["unavailable"][0]["why"]


@pytest.mark.django_db
def test_check_urls_endpoint_reports_each_line(api):
    response = api.post(
        "/api/v1/complaints/check-urls/",
        {
            "urls": "https://www.aliexpress.com/item/1005001234567890.html\n\nhttps://aliexpress.ru/item/1.html",
            "platform": "aliexpress",
        },
        format="json",
    ).json()
    assert [(line["line"], line["error"]) for line in response["lines"]] == [
        (1, None),
        (3, "aliexpress_ru"),
    ]
    assert response["ok"] is False and "1 line needs fixing" in response["summary"]


@pytest.mark.django_db
def test_dmca_notice_without_an_account(api, listings, django_capture_on_commit_callbacks):
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
    with django_capture_on_commit_callbacks(execute=True):
        response = api.post("/api/v1/dmca-notices/", notice, format="json")
    assert response.status_code == 201, response.json()
    complaint = Complaint.objects.get(pk=response.json()["reference"])
    assert complaint.source == "dmca_form" and complaint.complainant is None
    assert complaint.status == "submitted" and complaint.dmca.notifier_email == "ann@example.com"
    missing = {**notice, "accuracy_statement": False, "altcha": solve_altcha()}
    refused = api.post("/api/v1/dmca-notices/", missing, format="json")
    assert refused.status_code == 400 and "statements are required" in refused.json()["detail"]
    too_many = {**notice, "urls": [url_of(x) for x in listings] * 3, "altcha": solve_altcha()}
    assert api.post("/api/v1/dmca-notices/", too_many, format="json").status_code == 400


@pytest.mark.django_db
def test_dmca_page_requires_every_element(client, altcha_payload):
    response = client.post("/dmca/", {"human_check": altcha_payload()})
    page = response.content.decode()
    for message in [
        "Describe the copyrighted work",
        "Paste at least one listing URL",
        "Enter your full name",
        "This statement is required",
        "Sign the notice",
    ]:
        assert message in page, message
    assert client.get("/dmca/").status_code == 200


@pytest.mark.django_db
def test_schema_lists_the_complaint_endpoints(api):
    paths = api.get("/api/schema/?format=json").json()["paths"]
    for path in [
        "/api/v1/complaints/",
        "/api/v1/complaints/{id}/submit/",
        "/api/v1/complaints/check-urls/",
        "/api/v1/dmca-notices/",
        "/api/v1/documents/",
    ]:
        assert path in paths, path


@pytest.mark.django_db
def test_complaint_posts_count_against_the_filing_rate_per_account(
    api, complainant, trademark, listings, settings
):
    settings.IPP = {**settings.IPP, "COMPLAINT_FILING_RATE": "2/minute"}
    api.force_authenticate(complainant)
    answers = [
        api.post(
            "/api/v1/complaints/",
            body(trademark, [url_of(listings[n])], submit=False),
            format="json",
        ).status_code
        for n in range(3)
    ]
    assert answers == [201, 201, 429]
    assert api.get("/api/v1/complaints/").status_code == 200  # reading is not filing


@pytest.mark.django_db
def test_an_agency_files_at_its_own_rate_not_the_general_one(settings):
    from complaints import api as complaints_api

    view = complaints_api.ComplaintListCreate()
    view.request = type("Request", (), {"method": "POST"})()
    assert [type(t) for t in view.get_throttles()] == [complaints_api.FilingThrottle]
    assert view.get_throttles()[0].get_rate() == "1200/minute"  # the default, for agencies
    settings.IPP = {**settings.IPP, "COMPLAINT_FILING_RATE": "5000/hour"}
    assert complaints_api.FilingThrottle().get_rate() == "5000/hour"


@pytest.mark.django_db
def test_item_answer_is_what_drf_itself_renders(complainant, trademark, seller):
    from django.utils import timezone, translation
    from rest_framework import serializers

    from complaints.api import ItemOut
    from complaints.models import ComplaintItem
    from reviews.models import CounterNotice

    complaint = Complaint.objects.create(
        complainant=complainant, platform="taobao", ipr=trademark, reason="counterfeit"
    )
    now = timezone.now()
    states = [
        {"status": "pending"},
        {"status": "invalid", "error_code": "not_live", "error_message": "gone"},
        {"status": "rejected", "rejection_reason": "other", "decision_note": "n", "closed_at": now},
        {"status": "accepted", "decided_at": now},
        {"status": "restored", "outcome": "complainant_accepted", "closed_at": now},
    ]
    items = [
        ComplaintItem.objects.create(complaint=complaint, line=n, url=f"u{n}", **state)
        for n, state in enumerate(states, start=1)
    ]
    CounterNotice.objects.create(item=items[3], submitted_by=seller, grounds="own_right")
    rows = complaint.items.prefetch_related("counter_notices").order_by("line")
    for language in ("en", "zh-hans"):
        with translation.override(language):
            for item in rows:
                drf = serializers.ModelSerializer.to_representation(ItemOut(), item)
                assert ItemOut(item).data == drf
    assert ItemOut(rows[3]).data["counter_notice"]["status"] == "awaiting_complainant"
    assert [n["round"] for n in ItemOut(rows[3]).data["counter_notices"]] == [1]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "urls, expected",
    [
        (["https://item.taobao.com/item.htm?id=1", "a\x00b"], ["nul_byte"]),  # refused at the edge
        (["https://item.taobao.com/item.htm?id=1", ""], ["'1'", "may not be blank"]),
        (["x" * 4097], ["'0'", "no more than 4096"]),
        (["https://item.taobao.com/item.htm?id=1", ["nested"]], ["'1'", "Not a valid string"]),
        (["ok", 5, "https://x"], []),  # a number is a line, as DRF's CharField takes it
    ],
)
def test_each_bad_url_line_is_named_by_its_index_as_drf_names_it(
    api, complainant, trademark, urls, expected
):
    """The list of URLs is checked as one when every line is a plain, short string, and line
    by line, with DRF's own message per index, when one is not."""
    api.force_authenticate(complainant)
    response = api.post("/api/v1/complaints/", body(trademark, urls, submit=False), format="json")
    answer = str(response.json())
    if not expected:
        assert "urls" not in answer or response.status_code == 201, answer
        return
    assert response.status_code == 400
    assert all(text in answer for text in expected), answer
    assert not Complaint.objects.exists()
