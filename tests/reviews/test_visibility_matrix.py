"""One rule for what each party sees of a complaint, proven on every face.

One complaint names four listings: the seller's first listing (accepted), its second (not decided
yet), its third (rejected) and another seller's listing (accepted). For every party (the
complainant, another rights owner, the seller, the other seller, a seller with nothing in it, a
reviewer, anonymous) and every face (page, API detail, API items, each API item, timeline, progress
JSON, CSV export, API list, proof document, emails, in-portal notifications) the set of listings
the party learns of must be exactly what `complaints.visibility` allows, and a seller must learn
nothing of the complainant's person beyond a name and a contact email."""

import csv
import io
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from core.documents import store_upload
from core.models import Notification
from reviews.services import decisions
from tests import files
from tests.factories import UserFactory

from .conftest import file_validated, items_of, make_listings

PARTIES = [
    "complainant",
    "other_owner",
    "seller",
    "other_seller",
    "stranger_seller",
    "reviewer",
    "anonymous",
]
# Which of the four listings (by letter) each party may learn of.
SEES = {
    "complainant": {"a", "b", "c", "d"},
    "reviewer": {"a", "b", "c", "d"},
    "seller": {"a"},
    "other_seller": {"d"},
}
PRIVATE = ("brand@example.com", "Secret Street", "555 0100")
LISTING_ID = re.compile(r"6[0-9]{11}")


@pytest.fixture
def stranger_seller(db):
    return UserFactory(email="stranger-seller@example.com", seller=True)


@pytest.fixture
def case(
    complainant,
    trademark,
    store,
    other_store,
    reviewer,
    django_capture_on_commit_callbacks,
):
    """The complaint, its four items by letter and its proof, with every notice sent."""
    listings = make_listings(store, 3) + make_listings(other_store, 1, 690_000_000_000)
    proof = store_upload(owner=complainant, upload=files.pdf(name="proof.pdf"))
    with django_capture_on_commit_callbacks(execute=True):
        complaint = file_validated(complainant, trademark, listings, evidence=[proof])
        a, b, c, d = items_of(complaint)
        decisions.accept_item(item=a, actor=reviewer, note="Logo copied")
        decisions.reject_item(item=c, actor=reviewer, reason="ipr_mismatch", note="Jewelry")
        decisions.accept_item(item=d, actor=reviewer)
    items = {"a": a, "b": b, "c": c, "d": d}
    return {"complaint": complaint, "items": items, "proof": proof}


def _client(request, party: str) -> Client:
    client = Client()
    if party != "anonymous":
        client.force_login(request.getfixturevalue(party))
    return client


def _letters(case, text: str) -> set[str]:
    ids = set(LISTING_ID.findall(text))
    return {k for k, item in case["items"].items() if item.listing_id in ids}


def _expected(party: str) -> set[str]:
    return SEES.get(party, set())


def _face_page(client, case) -> str | None:
    response = client.get(reverse("complaints:detail", args=[case["complaint"].pk]))
    return response.content.decode() if response.status_code == 200 else None


def _face_api(client, case, suffix: str = "") -> str | None:
    response = client.get(f"/api/v1/complaints/{case['complaint'].pk}/{suffix}")
    return response.content.decode() if response.status_code == 200 else None


def _face_progress(client, case) -> str | None:
    response = client.get(reverse("complaints:progress", args=[case["complaint"].pk]))
    if response.status_code != 200:
        return None
    lines = {i["line"] for i in response.json()["items"]}
    return " ".join(i.listing_id for i in case["items"].values() if i.line in lines)


FACES = {
    "page": _face_page,
    "api_detail": lambda client, case: _face_api(client, case),
    "api_items": lambda client, case: _face_api(client, case, "items/"),
    "progress": _face_progress,
}


@pytest.mark.django_db
@pytest.mark.parametrize("face", FACES)
@pytest.mark.parametrize("party", PARTIES)
def test_each_face_shows_each_party_only_what_the_rule_allows(request, case, party, face):
    body = FACES[face](_client(request, party), case)
    if not _expected(party):
        assert body is None, f"{party} must not know complaint exists ({face})"
        return
    assert body is not None
    assert _letters(case, body) == _expected(party)
    if party in ("seller", "other_seller"):
        for private in PRIVATE:
            assert private not in body, f"{private} leaked to {party} through {face}"


@pytest.mark.django_db
@pytest.mark.parametrize("party", PARTIES)
def test_each_item_is_addressable_only_by_whom_may_see_it(request, case, party):
    client = _client(request, party)
    pk = case["complaint"].pk
    for letter, item in case["items"].items():
        response = client.get(f"/api/v1/complaints/{pk}/items/{item.pk}/")
        visible = letter in _expected(party)
        refused = 401 if party == "anonymous" else 404
        assert response.status_code == (200 if visible else refused), (party, letter)
        if visible:
            assert response.json()["listing_id"] == item.listing_id


@pytest.mark.django_db
def test_the_complainant_reads_every_decision_and_its_reason_through_the_api(request, case):
    body = _client(request, "complainant").get(f"/api/v1/complaints/{case['complaint'].pk}/")
    items = {i["listing_id"]: i for i in body.json()["items"]}
    rejected = items[case["items"]["c"].listing_id]
    assert rejected["status"] == "rejected"
    assert rejected["rejection_reason"] == "ipr_mismatch"
    assert "does not match" in rejected["rejection_reason_label"]
    assert rejected["decision_note"] == "Jewelry"
    assert items[case["items"]["b"].listing_id]["decided_at"] is None
    assert body.json()["viewer"] == "complainant"


@pytest.mark.django_db
def test_the_seller_gets_what_it_needs_to_answer_and_only_a_name_and_email(request, case):
    body = _client(request, "seller").get(f"/api/v1/complaints/{case['complaint'].pk}/").json()
    assert body["viewer"] == "seller"
    assert body["complainant"] == {"name": "Acme Brands Ltd", "email": "ip@example.com"}
    assert body["reason"] == "counterfeit" and body["ipr"]["right_owner_name"]
    assert [e["name"] for e in body["evidence"]] == ["proof.pdf"]
    assert [i["decision_note"] for i in body["items"]] == ["Logo copied"]
    for hidden in ("url_count", "valid_count", "processed_count", "progress_percent"):
        assert hidden not in body


@pytest.mark.django_db
@pytest.mark.parametrize("party", PARTIES)
def test_the_timeline_carries_only_the_visible_urls_events(request, case, party):
    response = _client(request, party).get(f"/api/v1/complaints/{case['complaint'].pk}/timeline/")
    if not _expected(party):
        assert response.status_code == (401 if party == "anonymous" else 404)
        return
    actions = [e["action"] for e in response.json()]
    seen = _expected(party)
    accepted = {"a", "d"} & seen
    assert actions.count("url.accepted") == len(accepted)
    assert actions.count("url.rejected") == len({"c"} & seen)
    assert actions.count("url.valid") == len(seen)
    if party not in ("complainant", "reviewer"):
        assert "complaint.validated" not in actions


@pytest.mark.django_db
@pytest.mark.parametrize("party", PARTIES)
def test_the_csv_export_and_the_api_list_hold_only_the_complainants_own(request, case, party):
    client = _client(request, party)
    export = client.get(reverse("complaints:export"))
    listing = client.get("/api/v1/complaints/")
    if party == "anonymous":
        assert export.status_code == 302 and listing.status_code in (401, 403)
        return
    rows = list(csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode())))
    own = party == "complainant"
    assert _letters(case, " ".join(r["listing_id"] for r in rows)) == (
        {"a", "b", "c", "d"} if own else set()
    )
    ids = [c["id"] for c in listing.json()["results"]]
    assert (case["complaint"].pk in ids) is own
    if own:
        by_id = {r["listing_id"]: r for r in rows}
        assert by_id[case["items"]["c"].listing_id]["rejection_reason"] == "ipr_mismatch"
        assert by_id[case["items"]["a"].listing_id]["decided_at"]


@pytest.mark.django_db
@pytest.mark.parametrize("party", PARTIES)
def test_the_proof_is_readable_by_every_party_that_sees_the_complaint(request, case, party):
    response = _client(request, party).get(reverse("document", args=[case["proof"].pk]))
    readable = bool(_expected(party))
    assert response.status_code == (200 if readable else (302 if party == "anonymous" else 404))


@pytest.mark.django_db
@pytest.mark.parametrize("party", ["seller", "other_seller", "stranger_seller"])
def test_emails_and_notifications_tell_a_seller_only_of_its_own_urls(request, case, party):
    user = request.getfixturevalue(party)
    mails = [m for m in mail.outbox if user.email in m.to]
    text = " ".join(
        m.subject + m.body + "".join(str(a[0]) for a in getattr(m, "alternatives", []))
        for m in mails
    )
    notes = " ".join(f"{n.title} {n.body} {n.link}" for n in Notification.objects.filter(user=user))
    assert _letters(case, text) == _expected(party)
    assert _letters(case, notes) == _letters(case, notes) & _expected(party)
    for private in PRIVATE:
        assert private not in text and private not in notes
    if _expected(party):
        assert "ip@example.com" in text
