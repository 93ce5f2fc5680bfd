"""POST /api/v1/catalogue/listings/: the permission matrix, the upsert, per-row errors."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from catalogue.models import Listing, Seller
from tests.factories import UserFactory, api_token_for

pytestmark = pytest.mark.django_db
URL = "/api/v1/catalogue/listings/"
BODY = {
    "sellers": [{"platform": "tmall", "store_id": "tm-1", "store_name": "Harbor Home"}],
    "listings": [
        {
            "platform": "tmall",
            "listing_id": "610000000001",
            "title": "Ceramic mug",
            "seller_store_id": "tm-1",
            "url": "https://detail.m.tmall.com/item.htm?id=610000000001&spm=x",
        }
    ],
}


def client_for(user=None) -> APIClient:
    client = APIClient()
    if user is not None:
        client.force_authenticate(user)
    return client


def test_anonymous_is_refused():
    response = client_for().post(URL, BODY, format="json")
    assert response.status_code == 401
    assert not Listing.objects.exists()


@pytest.mark.parametrize("actor", ["rights_owner", "seller", "outsider"])
def test_rights_owners_and_sellers_may_not_import(actor, request):
    response = client_for(request.getfixturevalue(actor)).post(URL, BODY, format="json")
    assert response.status_code == 403
    assert not Listing.objects.exists()


def staff():
    return UserFactory(email="staff@example.com", is_staff=True)


def operator():
    user = UserFactory(email="operator@example.com")
    user.user_permissions.add(Permission.objects.get(codename="import_catalogue"))
    return user


@pytest.mark.parametrize("make", [lambda: None, staff, operator])
def test_reviewers_staff_and_operators_import(make, reviewer):
    user = make() or reviewer
    response = client_for(user).post(URL, BODY, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["import_id"] and (body["sellers_created"], body["listings_created"]) == (1, 1)
    listing = Listing.objects.get()
    assert (listing.platform, listing.seller.store_id) == ("tmall", "tm-1")
    again = client_for(user).post(URL, BODY, format="json").json()
    assert again == {**again, "import_id": None, "listings_created": 0, "listings_updated": 0}


def test_token_authenticated_operator_imports(reviewer):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_for(reviewer)}")
    assert client.post(URL, BODY, format="json").status_code == 200


def test_bad_rows_are_reported_one_by_one_and_nothing_is_written(reviewer):
    body = {
        "sellers": [{"platform": "tmall", "store_id": "tm 1", "store_name": ""}],
        "listings": [
            BODY["listings"][0],
            {**BODY["listings"][0], "platform": "ebay"},
            {**BODY["listings"][0], "listing_id": "12ab"},
            {**BODY["listings"][0], "url": "https://detail.tmall.com/item.htm?id=99"},
            {**BODY["listings"][0], "url": "https://taobao.com.evil.io/item.htm?id=1"},
            {k: v for k, v in BODY["listings"][0].items() if k != "title"},
        ],
    }
    response = client_for(reviewer).post(URL, body, format="json")
    assert response.status_code == 400
    data = response.json()
    assert data["code"] == "invalid_rows"
    where = {(e["section"], e["row"]): sorted(e["errors"]) for e in data["errors"]}
    assert where == {
        ("sellers", 0): ["store_id", "store_name"],
        ("listings", 1): ["platform"],
        ("listings", 2): ["listing_id"],
        ("listings", 3): ["url"],
        ("listings", 4): ["url"],
        ("listings", 5): ["title"],
    }
    messages = {(e["section"], e["row"]): e["errors"] for e in data["errors"]}
    assert "not from an Alibaba marketplace" in messages[("listings", 4)]["url"][0]
    assert messages[("listings", 3)]["url"] == ["This URL is not the address of this listing."]
    assert not Listing.objects.exists() and not Seller.objects.exists()


def test_rows_refering_to_unknown_sellers_are_reported(reviewer):
    body = {"listings": [{**BODY["listings"][0], "seller_store_id": "ghost"}]}
    data = client_for(reviewer).post(URL, body, format="json").json()
    assert data["errors"] == [
        {
            "section": "listings",
            "row": 0,
            "errors": {
                "seller_store_id": [
                    "No seller with this store id on this platform, in this import or before."
                ]
            },
        }
    ]


@pytest.mark.parametrize("body", [{}, [], {"listings": "x"}, {"sellers": [], "listings": []}])
def test_malformed_bodies_are_refused(body, reviewer):
    response = client_for(reviewer).post(URL, body, format="json")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_endpoint_is_documented_in_the_schema(reviewer):
    response = client_for(reviewer).get("/api/schema/", {"format": "json"})
    operation = response.json()["paths"][URL]["post"]
    assert operation["summary"].startswith("Import marketplace sellers and listings")
    assert set(operation["responses"]) >= {"200", "400", "401", "403"}
