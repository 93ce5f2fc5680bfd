"""Demo catalogue: ten stores across every platform, each answered for by a seller account (the
first by seller@demo.ipp), and 300 listings. Deterministic, so running it again changes nothing."""

import random

from django.contrib.auth import get_user_model
from django.db import transaction

from accounts.models import Role

from .models import CatalogueImport, Listing, ListingStatus
from .services import import_catalogue
from .urlcheck import Platform, canonical_url

DEMO_SELLER_EMAIL = "seller@demo.ipp"
LISTINGS_PER_STORE = 30

# (platform, store id, store name, site for Lazada)
DEMO_STORES = [
    (Platform.TAOBAO, "tb-1001", "Sunrise Outdoor Flagship", ""),
    (Platform.TMALL, "tm-2001", "Harbor Home Official Store", ""),
    (Platform.TMALL_HK, "hk-3001", "Victoria Beauty Global", ""),
    (Platform.P1688, "b2b-4001", "Yiwu Bright Trading Co.", ""),
    (Platform.ALIBABA, "ab-5001", "Shenzhen Nova Electronics Ltd.", ""),
    (Platform.ALIEXPRESS, "ae-6001", "Gadget Planet Store", ""),
    (Platform.LAZADA, "lz-7001", "Lion City Lifestyle", "lazada.sg"),
    (Platform.TAOBAO, "tb-1002", "Little Panda Toys", ""),
    (Platform.ALIEXPRESS, "ae-6002", "Urban Threads Store", ""),
    (Platform.ALIBABA, "ab-5002", "Ningbo Evergreen Packaging Co.", ""),
]
ID_BASES = {
    Platform.TAOBAO: 600_000_000_000,
    Platform.TMALL: 610_000_000_000,
    Platform.TMALL_HK: 620_000_000_000,
    Platform.P1688: 700_000_000_000,
    Platform.ALIBABA: 1_600_000_000_000,
    Platform.ALIEXPRESS: 1_005_000_000_000_000,
    Platform.LAZADA: 2_000_000_000,
}
CATEGORIES = {
    "Apparel": ["hiking jacket", "running shoes", "denim jeans", "silk scarf", "baseball cap"],
    "Electronics": ["wireless earbuds", "phone case", "power bank", "smart watch", "USB-C cable"],
    "Beauty": ["lipstick set", "face serum", "perfume 50 ml", "eyeshadow palette", "hair dryer"],
    "Toys": ["building blocks", "plush panda", "remote control car", "puzzle 1000 pieces"],
    "Home": ["ceramic mug", "bamboo cutting board", "LED desk lamp", "cotton bed sheets"],
    "Bags": ["leather handbag", "travel backpack", "card holder", "tote bag"],
}
ADJECTIVES = ["Classic", "Premium", "Deluxe", "New", "Limited edition", "Original", "Compact"]


def _seller_account(index: int):
    """The demo seller account for the index-th store, created (without a password) if missing."""
    User = get_user_model()
    email = DEMO_SELLER_EMAIL if index == 0 else f"seller{index + 1}@demo.ipp"
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(email, password=None, role=Role.SELLER, location="CN")
    return user


def _listing_rows(rng: random.Random, number: int, store) -> list[dict]:
    platform, store_id, _name, site = store
    rows = []
    for n in range(LISTINGS_PER_STORE):
        category = rng.choice(sorted(CATEGORIES))
        listing_id = str(ID_BASES[platform] + number * 1000 + n + 1)
        roll = rng.random()
        status = (
            ListingStatus.TAKEN_DOWN
            if roll < 0.06
            else ListingStatus.RESTORED
            if roll < 0.09
            else ListingStatus.LIVE
        )
        rows.append(
            {
                "platform": platform,
                "listing_id": listing_id,
                "title": f"{rng.choice(ADJECTIVES)} {rng.choice(CATEGORIES[category])}",
                "seller_store_id": store_id,
                "category": category,
                "status": status,
                "url": canonical_url(platform, listing_id, site=site or "lazada.com.my"),
            }
        )
    return rows


@transaction.atomic
def seed_demo_catalogue() -> CatalogueImport:
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    sellers, listings = [], []
    for number, store in enumerate(DEMO_STORES):
        platform, store_id, name, _site = store
        account = _seller_account(number)
        sellers.append(
            {
                "platform": platform,
                "store_id": store_id,
                "store_name": name,
                "account_email": account.email,
            }
        )
        listings.extend(_listing_rows(rng, number, store))
    # A listing seeded before keeps the status its complaints gave it since.
    known = set(
        Listing.objects.filter(listing_id__in=[r["listing_id"] for r in listings]).values_list(
            "platform", "listing_id"
        )
    )
    for row in listings:
        if (row["platform"], row["listing_id"]) in known:
            del row["status"]
    return import_catalogue(
        sellers=sellers, listings=listings, actor=None, source="command:seed_catalogue"
    )
