"""The three marketplaces this local provider stands in for. Each is its own OpenID Connect
issuer under a path prefix of one server: http://HOST:PORT/<realm>/o is the issuer, with its own
discovery document, members and clients (one database, every row tagged with its realm)."""

from django.urls import get_urlconf

REALMS: dict[str, str] = {
    "taobao": "Taobao · Tmall · Tmall HK · 1688 Member",
    "aliexpress": "AliExpress",
    "alibaba": "Alibaba.com",
}


def urlconf_for(realm: str) -> str:
    return f"idp.urls_{realm}"


def current_realm() -> str | None:
    """The realm of the request being served (RealmMiddleware sets its URLconf)."""
    urlconf = get_urlconf()
    if isinstance(urlconf, str) and urlconf.startswith("idp.urls_"):
        return urlconf.removeprefix("idp.urls_")
    return None
