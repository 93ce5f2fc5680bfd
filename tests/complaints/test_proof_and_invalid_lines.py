"""Each reason's proof checklist is enforced on every face (service, page, API), and a paste with
bad lines can be cleaned in one step ("Remove the invalid lines", `drop_invalid`) without losing
anything else the owner entered."""

import pytest
from rest_framework.test import APIClient

from complaints import services as svc
from complaints.models import Complaint
from complaints.reasons import PROOF_CHECKLIST, check_proof, required_proof
from core.errors import DomainError
from core.models import Document
from tests import files
from tests.complaints.conftest import url_of
from tests.files import proof_document
from tests.ipr.conftest import IPRFactory

BAD_LINES = ["https://www.taobao-sale.com/item.htm?id=1", "https://s.taobao.com/search?q=acme"]


def form_data(trademark, urls, **kw):
    values = {
        "platform": "taobao",
        "ipr": trademark.pk,
        "reason": "counterfeit",
        "urls": urls,
        "description": "Fake ACME shoes sold as ours",
        "action": "submit",
    }
    values.update(kw)
    return values


# --- the checklist --------------------------------------------------------------------------
def test_every_reason_has_a_checklist_and_counterfeit_requires_proof():
    from complaints.models import ComplaintReason

    assert set(PROOF_CHECKLIST) == set(ComplaintReason.values)
    assert required_proof("counterfeit") and required_proof("copyright_image")
    assert required_proof("patent_design") and not required_proof("trademark_unauthorized_use")
    check_proof("trademark_unauthorized_use", 0)  # recommended only: no refusal
    with pytest.raises(DomainError) as refused:
        check_proof("counterfeit", 0)
    assert refused.value.code == "proof_required" and refused.value.field == "evidence"
    assert "Counterfeit" in refused.value.message and "side-by-side" in refused.value.message


@pytest.mark.django_db
def test_filing_counterfeit_without_proof_is_refused_and_saves_nothing(
    complainant, trademark, listings
):
    data = svc.ComplaintInput(
        platform="taobao", ipr=trademark, reason="counterfeit", urls=url_of(listings[0])
    )
    with pytest.raises(DomainError, match="needs proof"):
        svc.file_complaint(complainant=complainant, data=data)
    assert Complaint.objects.count() == 0
    data.evidence = [proof_document(complainant)]
    assert svc.file_complaint(complainant=complainant, data=data).status == "validating"


@pytest.mark.django_db
def test_a_draft_saves_without_proof_but_is_not_submitted_without_it(
    complainant, trademark, listings
):
    data = svc.ComplaintInput(
        platform="taobao", ipr=trademark, reason="counterfeit", urls=url_of(listings[0])
    )
    draft, _results = svc.save_draft(complainant=complainant, data=data)
    with pytest.raises(DomainError) as refused:
        svc.submit_complaint(complaint=draft, actor=complainant)
    assert refused.value.code == "proof_required"
    draft.refresh_from_db()
    assert draft.status == "draft"
    draft.evidence.add(proof_document(complainant))
    assert svc.submit_complaint(complaint=draft, actor=complainant).status == "validating"


# --- removing the invalid lines ---------------------------------------------------------------
def test_drop_invalid_lines_keeps_the_valid_ones_in_order_with_each_removal_explained():
    good = [
        "https://item.taobao.com/item.htm?id=610000000001",
        "https://item.taobao.com/item.htm?id=610000000002",
    ]
    text = "\n".join([good[0], BAD_LINES[0], "", good[1], good[0], BAD_LINES[1]])
    kept = svc.drop_invalid_lines(text, platform="taobao")
    assert kept.urls == "\n".join(good)
    assert [(r.line, r.error) for r in kept.removed] == [
        (2, "not_alibaba"),
        (5, "duplicate"),
        (6, "not_listing"),
    ]
    assert all(str(r.message) for r in kept.removed)
    assert svc.drop_invalid_lines(kept.urls, platform="taobao").removed == []


@pytest.mark.django_db
def test_the_remove_button_keeps_everything_typed_and_uploaded_and_says_what_went(
    client, complainant, trademark, listings
):
    client.force_login(complainant)
    urls = "\n".join([url_of(listings[0]), BAD_LINES[0], url_of(listings[1]), BAD_LINES[1]])
    response = client.post(
        "/complaints/new/",
        form_data(trademark, urls, action="drop_invalid", evidence_1=files.png(name="side.png")),
    )
    body = response.content.decode()
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert 'id="removed-lines"' in body and "2 invalid lines were removed" in body
    assert "Line 2" in body and "Line 4" in body and "taobao-sale.com" in body
    form = response.context["form"]
    assert form["urls"].value() == f"{url_of(listings[0])}\n{url_of(listings[1])}"
    assert form["description"].value() == "Fake ACME shoes sold as ours"
    assert form["reason"].value() == "counterfeit"
    assert "side.png" in body  # the upload is kept for the next post
    assert not form.errors
    kept = Document.objects.get(original_name="side.png")
    response = client.post(
        "/complaints/new/",
        form_data(trademark, form["urls"].value(), evidence_1__kept=str(kept.pk)),
    )
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/complaints/{complaint.pk}/"
    assert complaint.url_count == 2 and list(complaint.evidence.all()) == [kept]


@pytest.mark.django_db
def test_the_form_refuses_counterfeit_without_proof_and_shows_bad_lines_at_once(
    client, complainant, trademark, listings
):
    client.force_login(complainant)
    urls = f"{url_of(listings[0])}\n{BAD_LINES[0]}"
    response = client.post("/complaints/new/", form_data(trademark, urls))
    body = response.content.decode()
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert "needs proof before it is filed" in body and "side-by-side comparison" in body
    assert 'id="proof-error"' in body
    assert "Fix or remove the 1 marked line(s)" in body
    assert "url-line bad" in body  # the line panel is filled without the script
    assert response.context["form"]["description"].value() == "Fake ACME shoes sold as ours"


@pytest.mark.django_db
def test_the_checklist_is_shown_beside_the_chosen_reason_without_the_script(
    client, complainant, trademark
):
    client.force_login(complainant)
    body = client.get("/complaints/new/").content.decode()
    assert 'id="proof-box"' in body and "hidden" in body.split('id="proof-box"')[1][:80]
    response = client.post(
        "/complaints/new/", form_data(trademark, "", action="drop_invalid", reason="patent_design")
    )
    box = response.content.decode().split('id="proof-box"')[1].split("</aside>")[0]
    assert "Design comparison with the product" in box and "Required" in box
    assert "Patent Evaluation Report" in box and "Recommended" in box


# --- the API ------------------------------------------------------------------------------------
@pytest.fixture
def api(complainant):
    client = APIClient()
    client.force_authenticate(complainant)
    return client


@pytest.mark.django_db
def test_api_refuses_counterfeit_without_evidence_with_a_specific_code(api, trademark, listings):
    body = {
        "platform": "taobao",
        "ipr": trademark.pk,
        "reason": "counterfeit",
        "urls": [url_of(listings[0])],
    }
    response = api.post("/api/v1/complaints/", body, format="json")
    assert response.status_code == 400
    assert response.json()["code"] == "proof_required"
    assert "Counterfeit" in response.json()["detail"]
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_api_drop_invalid_files_the_valid_urls_and_lists_the_dropped(
    api, complainant, trademark, listings
):
    proof = proof_document(complainant)
    body = {
        "platform": "taobao",
        "ipr": trademark.pk,
        "reason": "counterfeit",
        "urls": [url_of(listings[0]), BAD_LINES[0], url_of(listings[1])],
        "evidence": [str(proof.pk)],
    }
    refused = api.post("/api/v1/complaints/", body, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "bad_urls"
    response = api.post("/api/v1/complaints/", {**body, "drop_invalid": True}, format="json")
    assert response.status_code == 201, response.json()
    answer = response.json()
    assert [i["url"] for i in answer["items"]] == [url_of(listings[0]), url_of(listings[1])]
    assert [(d["line"], d["error"]) for d in answer["dropped_lines"]] == [(2, "not_alibaba")]
    assert Complaint.objects.get().url_count == 2
    only_bad = {**body, "urls": BAD_LINES, "drop_invalid": True}
    nothing = api.post("/api/v1/complaints/", only_bad, format="json")
    assert nothing.status_code == 400 and nothing.json()["code"] == "no_urls"


@pytest.mark.django_db
def test_api_options_list_each_reasons_proof(api, complainant):
    IPRFactory(owner=complainant, authenticated=True, mark_word="ACME")
    reasons = api.get("/api/v1/complaints/options/").json()["iprs"][0]["reasons"]
    counterfeit = next(r for r in reasons if r["code"] == "counterfeit")
    assert any(p["required"] for p in counterfeit["proof"])
    use = next(r for r in reasons if r["code"] == "trademark_unauthorized_use")
    assert use["proof"] and not any(p["required"] for p in use["proof"])
