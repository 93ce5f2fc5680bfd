"""The demo marketplaces' members and the portal's registered clients (idp_seed)."""

import os

PASSWORD = "Demo-pass-2026!"

# realm, username, subject, email, name, email verified, stores (the ipp_stores claim)
MEMBERS = [
    # The demo seller's Taobao member account: operates the first demo store (catalogue/seed.py).
    (
        "taobao",
        "sunrise_outdoor",
        "2088000000000001",
        "seller@demo.ipp",
        "Sunrise Outdoor Flagship",
        True,
        [{"marketplace": "taobao", "store_id": "tb-1001"}],
    ),
    # A Taobao seller the portal does not know yet (its store has no seller account).
    (
        "taobao",
        "lotus_tea",
        "2088000000000002",
        "owner@lotus-tea.example",
        "Lotus Tea House",
        True,
        [{"marketplace": "taobao", "store_id": "tb-1900"}],
    ),
    ("aliexpress", "ae_buyer", "ae-100000001", "buyer@aliexpress.example", "Ana Buyer", True, []),
    (
        "aliexpress",
        "ae_unverified",
        "ae-100000002",
        "unverified@aliexpress.example",
        "Unverified Buyer",
        False,
        [],
    ),
    # An Alibaba.com supplier that owns its brand (registers as a rights owner).
    (
        "alibaba",
        "brightway_supplier",
        "ab-200000001",
        "ip@brightway-industrial.example",
        "Brightway Industrial Co. (Alibaba.com supplier)",
        True,
        [],
    ),
]


def client_id(realm: str) -> str:
    return os.environ.get(f"IDP_{realm.upper()}_CLIENT_ID", f"ipp-portal-{realm}")


def client_secret(realm: str) -> str:
    return os.environ.get(f"IDP_{realm.upper()}_CLIENT_SECRET", f"ipp-local-{realm}-secret")


# A client whose ID tokens name another audience (a misconfigured provider, for tests).
WRONG_AUDIENCE_CLIENT = ("taobao", "ipp-portal-taobao-wrong-audience", "another-relying-party")


def redirect_uris(realm: str) -> str:
    """Loopback redirect URIs match on any port (RFC 8252); IDP_PORTAL_URLS adds others (the
    docker-compose demo's http://localhost:8000)."""
    bases = ["http://127.0.0.1"]
    bases += [u for u in os.environ.get("IDP_PORTAL_URLS", "http://localhost:8000").split(",") if u]
    return " ".join(f"{b.rstrip('/')}/login/marketplace/{realm}/callback/" for b in bases)
