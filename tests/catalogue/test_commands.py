"""The management commands: validate_urls' exact JSON lines (file and stdin), import_listings
from JSON and CSV, and seed_catalogue's idempotent demo data."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from catalogue.models import Listing, ListingStatus, Seller
from catalogue.urlcheck import Platform

KEYS = ["line", "url", "ok", "platform", "listing_id", "error"]
PASTE = (
    "https://item.taobao.com/item.htm?id=600000000001\n"
    "\n"
    "https://detail.tmall.com/item.htm?id=610000000001\n"
    "https://s.taobao.com/search?q=a\n"
    "https://h5.m.taobao.com/awp/core/detail.htm?id=600000000001\n"
)
EXPECTED = [
    {
        "line": 1,
        "url": "https://item.taobao.com/item.htm?id=600000000001",
        "ok": True,
        "platform": "taobao",
        "listing_id": "600000000001",
        "error": None,
    },
    {
        "line": 3,
        "url": "https://detail.tmall.com/item.htm?id=610000000001",
        "ok": False,
        "platform": "tmall",
        "listing_id": "610000000001",
        "error": "wrong_platform",
    },
    {
        "line": 4,
        "url": "https://s.taobao.com/search?q=a",
        "ok": False,
        "platform": "taobao",
        "listing_id": None,
        "error": "not_listing",
    },
    {
        "line": 5,
        "url": "https://h5.m.taobao.com/awp/core/detail.htm?id=600000000001",
        "ok": False,
        "platform": "taobao",
        "listing_id": "600000000001",
        "error": "duplicate",
    },
]


def run(*args) -> list[dict]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    rows = [json.loads(line) for line in out.getvalue().splitlines()]
    assert all(list(row) == KEYS for row in rows)
    return rows


def test_validate_urls_prints_one_exact_json_object_per_non_blank_line(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text(PASTE)
    assert run("validate_urls", str(path), "--platform", "taobao") == EXPECTED


def test_validate_urls_reads_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASTE))
    rows = run("validate_urls", "-")
    assert rows[1]["ok"] is True and rows[1]["error"] is None  # no platform chosen
    assert [r["error"] for r in rows] == [None, None, "not_listing", "duplicate"]


def test_validate_urls_survives_bytes_that_are_not_utf8_and_nul(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_bytes(b"https://item.taobao.com/item.htm?id=1\x00\nhttps://item.taobao.com/\xff\n")
    assert [r["error"] for r in run("validate_urls", str(path))] == ["invalid_url", "non_english"]


def test_validate_urls_respects_a_line_limit(tmp_path):
    path = tmp_path / "urls.txt"
    path.write_text("\n".join(f"https://detail.1688.com/offer/{n}.html" for n in range(1, 4)))
    assert run("validate_urls", str(path), "--max-urls", "2")[-1]["error"] == "too_many"


def test_validate_urls_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("validate_urls", "/nonexistent/urls.txt")


# --- import_listings ------------------------------------------------------------


@pytest.mark.django_db
def test_import_listings_from_json(tmp_path, seller):
    path = tmp_path / "feed.json"
    path.write_text(
        json.dumps(
            {
                "sellers": [
                    {
                        "platform": "aliexpress",
                        "store_id": "ae-1",
                        "store_name": "Gadget Planet",
                        "account_email": seller.email,
                    }
                ],
                "listings": [
                    {
                        "platform": "aliexpress",
                        "listing_id": "1005000000000001",
                        "title": "Earbuds",
                        "seller_store_id": "ae-1",
                        "url": "https://fr.aliexpress.com/item/1005000000000001.html",
                    }
                ],
            }
        )
    )
    out = io.StringIO()
    call_command("import_listings", str(path), stdout=out)
    assert "listings: 1 created" in out.getvalue()
    listing = Listing.objects.select_related("seller").get()
    assert listing.seller.account == seller
    assert listing.url == "https://fr.aliexpress.com/item/1005000000000001.html"


@pytest.mark.django_db
def test_import_listings_from_csv(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(
        "\ufeffplatform,listing_id,title,seller_store_id,seller_store_name,category,status\n"
        "lazada,2000000001,Backpack,lz-1,Lion City,Bags,\n"
        "lazada,2000000002,Tote,lz-1,,Bags,taken_down\n"
    )
    call_command("import_listings", str(path), stdout=io.StringIO())
    assert Seller.objects.get().store_name == "Lion City"
    assert dict(Listing.objects.values_list("listing_id", "status")) == {
        "2000000001": "live",
        "2000000002": "taken_down",
    }


@pytest.mark.django_db
def test_import_listings_reports_bad_rows_and_writes_nothing(tmp_path):
    path = tmp_path / "feed.csv"
    path.write_text(
        "platform,listing_id,title,seller_store_id,seller_store_name\n"
        "ebay,1,Backpack,s-1,Store\n"
        "taobao,abc,Backpack,s-1,Store\n"
    )
    err = io.StringIO()
    with pytest.raises(CommandError, match="invalid row"):
        call_command("import_listings", str(path), stdout=io.StringIO(), stderr=err)
    assert "listings[0] platform" in err.getvalue()
    assert "listings[1] listing_id" in err.getvalue()
    assert not Listing.objects.exists() and not Seller.objects.exists()


@pytest.mark.django_db
def test_import_listings_rejects_a_file_that_is_not_json(tmp_path):
    path = tmp_path / "feed.json"
    path.write_text("{nope")
    with pytest.raises(CommandError, match="Not valid JSON"):
        call_command("import_listings", str(path))


# --- seed_catalogue ------------------------------------------------------------


@pytest.mark.django_db
def test_seed_catalogue_is_idempotent_and_links_the_demo_seller():
    call_command("seed_catalogue", stdout=io.StringIO())
    first = Seller.objects.order_by("pk").first()
    assert first.account.email == "seller@demo.ipp" and first.account.role == Role.SELLER
    assert Seller.objects.count() == 10
    assert not Seller.objects.filter(account__isnull=True).exists()
    assert Listing.objects.count() == 300
    assert set(Listing.objects.values_list("platform", flat=True)) == set(Platform.values)
    assert Listing.objects.exclude(status=ListingStatus.LIVE).exists()
    listing = Listing.objects.filter(status=ListingStatus.LIVE).first()
    listing.status = ListingStatus.TAKEN_DOWN  # as a complaint would have left it
    listing.save()
    out = io.StringIO()
    call_command("seed_catalogue", stdout=out)
    assert "sellers: 0 created, 0 updated; listings: 0 created, 0 updated" in out.getvalue()
    assert Listing.objects.count() == 300 and User.objects.filter(role=Role.SELLER).count() == 10
    listing.refresh_from_db()
    assert listing.status == ListingStatus.TAKEN_DOWN


@pytest.mark.django_db
def test_seed_catalogue_links_an_existing_demo_seller_account():
    from tests.factories import UserFactory

    existing = UserFactory(email="seller@demo.ipp", seller=True)
    call_command("seed_catalogue", stdout=io.StringIO())
    assert Seller.objects.filter(account=existing).count() == 1
