"""The marketplaces a complaint can target, their domains, and each one's real listing URL forms.

Pure data and regular expressions: no database, no network. A listing id is the number the
marketplace uses for the product (Taobao/Tmall `id=`, 1688 offer id, Alibaba.com product id,
AliExpress item id, Lazada item id `-iN`)."""

import re
from collections.abc import Callable

from django.db import models
from django.utils.translation import gettext_lazy as _


class Platform(models.TextChoices):
    TAOBAO = "taobao", _("Taobao")
    TMALL = "tmall", _("Tmall")
    TMALL_HK = "tmall_hk", _("Tmall HK")
    P1688 = "1688", _("1688")
    ALIBABA = "alibaba", _("Alibaba.com")
    ALIEXPRESS = "aliexpress", _("AliExpress")
    LAZADA = "lazada", _("Lazada")


# Registrable domains -> platform. Anything else (lookalikes, alibabagroup.com, alibabacloud.com,
# aliyun.com, alipay.com, IP addresses) is not a marketplace.
DOMAINS: dict[str, str] = {
    "taobao.com": Platform.TAOBAO,
    "tb.cn": Platform.TAOBAO,
    "tmall.com": Platform.TMALL,
    "tmall.hk": Platform.TMALL_HK,
    "1688.com": Platform.P1688,
    "alibaba.com": Platform.ALIBABA,
    "aliexpress.com": Platform.ALIEXPRESS,
    "aliexpress.us": Platform.ALIEXPRESS,
    "lazada.com": Platform.LAZADA,
    "lazada.com.my": Platform.LAZADA,
    "lazada.sg": Platform.LAZADA,
    "lazada.co.th": Platform.LAZADA,
    "lazada.com.ph": Platform.LAZADA,
    "lazada.co.id": Platform.LAZADA,
    "lazada.vn": Platform.LAZADA,
}
DOMAINS = {domain: str(platform) for domain, platform in DOMAINS.items()}  # plain strings

# AliExpress.ru is an independent platform. ru.aliexpress.com only redirects there.
ALIEXPRESS_RU_DOMAINS = ("aliexpress.ru",)
ALIEXPRESS_RU_HOSTS = frozenset({"ru.aliexpress.com"})

# Short, share and redirect hosts: the listing cannot be known without following them.
SHORT_LINK_HOSTS = frozenset(
    {
        "m.tb.cn",
        "tb.cn",
        "s.tb.cn",
        "s.click.taobao.com",
        "s.click.aliexpress.com",
        "click.aliexpress.com",
        "a.aliexpress.com",
        "a.aliexpress.us",
        "qr.1688.com",
    }
)
SHORT_LINK_PREFIXES = ("s.lazada.", "c.lazada.", "s.click.")

ALIEXPRESS_LOCALES = frozenset(
    ["es", "fr", "pt", "de", "it", "nl", "ja", "ko", "ar", "he", "pl", "tr", "th", "vi", "id"]
)
ALIBABA_LANGUAGE_SITES = frozenset(
    [
        *("spanish", "french", "portuguese", "german", "italian", "russian", "japanese"),
        *("korean", "arabic", "turkish", "thai", "vietnamese", "indonesian", "dutch"),
        *("hebrew", "hindi"),
    ]
)

_I = re.IGNORECASE | re.ASCII
_ITEM_HTM = re.compile(r"/item(?:_o)?\.htm", _I)
_TAOBAO_H5 = re.compile(r"/awp/core/detail\.htm", _I)
_TAOBAO_INTL = re.compile(r"/detail/detail\.html?", _I)
_TAOBAO_MAIN = re.compile(r"/security-h5-detail/home/?", _I)
_TAOBAO_WORLD = re.compile(r"/item/(\d{1,20})\.html?", _I)
_TAOBAO_OLD_MOBILE = re.compile(r"/i(\d{1,20})\.html?", _I)
_TMALL_HK_ITEM = re.compile(r"(?:/hk)?/item(?:_o)?\.htm", _I)
_OFFER = re.compile(r"/offer/(\d{1,20})\.html?", _I)
_OFFER_MOBILE = re.compile(r"/page/index\.html?", _I)
_ALIBABA_DETAIL = re.compile(r"/product-detail/(?:[^/]*_)?(\d{1,20})\.html?", _I)
_ALIBABA_MOBILE = re.compile(r"/product/(\d{1,20})(?:/[^/]*)?\.html?", _I)
_ALIBABA_MINISITE = re.compile(r"/product/(\d{1,20})-\d{1,20}/[^/]*\.html?", _I)
_ALIEXPRESS_ITEM = re.compile(
    r"/(?:item/(?:[^/]+/)?|i/|store/product/[^/]+/\d{1,20}_)(\d{1,20})\.html?", _I
)
_LAZADA_PRODUCT = re.compile(r"/products/(?:[^/]*-)?i(\d{1,20})(?:-s\d{1,20})?\.html?", _I)
_DIGITS = re.compile(r"[0-9]{1,20}")


def normalize_listing_id(value: str) -> str | None:
    """The canonical form of a listing id (digits, no leading zeros), or None if it is not one."""
    if not _DIGITS.fullmatch(value):
        return None
    value = value.lstrip("0")
    return value or None


def query_param(query: str, name: str) -> str | None:
    """The single value of `name` in a query string; None when absent, empty or contradictory
    (`?id=1&id=2`: which listing was meant cannot be known)."""
    if not query or name not in query:
        return None
    found: str | None = None
    for pair in query.split("&"):
        key, sep, value = pair.partition("=")
        # `&amp;id=` is what a URL copied out of HTML source looks like.
        if key.removeprefix("amp;") != name or not sep:
            continue
        if found is not None and found != value:
            return None
        found = value
    return found


def _from_query(match: bool, query: str, name: str = "id") -> str | None:
    return normalize_listing_id(query_param(query, name) or "") if match else None


def _from_path(match: re.Match | None) -> str | None:
    return normalize_listing_id(match.group(1)) if match else None


def _taobao(domain: str, sub: str, path: str, query: str) -> str | None:
    if domain != "taobao.com":
        return None  # tb.cn: share links only
    if sub in ("item", "detail"):
        return _from_query(bool(_ITEM_HTM.fullmatch(path)), query)
    if sub == "h5.m":
        return _from_query(bool(_TAOBAO_H5.fullmatch(path)), query)
    if sub == "m.intl":
        return _from_query(bool(_TAOBAO_INTL.fullmatch(path)), query)
    if sub == "main.m":
        return _from_query(bool(_TAOBAO_MAIN.fullmatch(path)), query)
    if sub == "world":
        return _from_path(_TAOBAO_WORLD.fullmatch(path))
    if sub == "a.m":
        return _from_path(_TAOBAO_OLD_MOBILE.fullmatch(path))
    return None


def _tmall(domain: str, sub: str, path: str, query: str) -> str | None:
    if sub in ("detail", "detail.m", "chaoshi.detail"):
        return _from_query(bool(_ITEM_HTM.fullmatch(path)), query)
    return None


def _tmall_hk(domain: str, sub: str, path: str, query: str) -> str | None:
    if sub in ("detail", "detail.m"):
        return _from_query(bool(_TMALL_HK_ITEM.fullmatch(path)), query)
    return None


def _1688(domain: str, sub: str, path: str, query: str) -> str | None:
    if sub in ("detail", "m"):
        return _from_path(_OFFER.fullmatch(path))
    if sub == "detail.m":
        return _from_query(bool(_OFFER_MOBILE.fullmatch(path)), query, "offerId")
    return None


def _alibaba(domain: str, sub: str, path: str, query: str) -> str | None:
    if sub in ("", "www") or sub in ALIBABA_LANGUAGE_SITES:
        return _from_path(_ALIBABA_DETAIL.fullmatch(path))
    if sub == "m":
        return _from_path(_ALIBABA_MOBILE.fullmatch(path) or _ALIBABA_DETAIL.fullmatch(path))
    if sub.endswith(".en") and sub.count(".") == 1:  # a supplier's own site: <store>.en
        return _from_path(_ALIBABA_MINISITE.fullmatch(path))
    return None


def _aliexpress(domain: str, sub: str, path: str, query: str) -> str | None:
    if sub in ("", "www", "m") or sub in ALIEXPRESS_LOCALES:
        return _from_path(_ALIEXPRESS_ITEM.fullmatch(path))
    return None


def _lazada(domain: str, sub: str, path: str, query: str) -> str | None:
    if sub in ("", "www", "m"):
        return _from_path(_LAZADA_PRODUCT.fullmatch(path))
    return None


LISTING_MATCHERS: dict[str, Callable[[str, str, str, str], str | None]] = {
    Platform.TAOBAO: _taobao,
    Platform.TMALL: _tmall,
    Platform.TMALL_HK: _tmall_hk,
    Platform.P1688: _1688,
    Platform.ALIBABA: _alibaba,
    Platform.ALIEXPRESS: _aliexpress,
    Platform.LAZADA: _lazada,
}

_CANONICAL = {
    Platform.TAOBAO: "https://item.taobao.com/item.htm?id={id}",
    Platform.TMALL: "https://detail.tmall.com/item.htm?id={id}",
    Platform.TMALL_HK: "https://detail.tmall.hk/hk/item.htm?id={id}",
    Platform.P1688: "https://detail.1688.com/offer/{id}.html",
    Platform.ALIBABA: "https://www.alibaba.com/product-detail/_{id}.html",
    Platform.ALIEXPRESS: "https://www.aliexpress.com/item/{id}.html",
    Platform.LAZADA: "https://www.{site}/products/i{id}.html",
}


def canonical_url(platform: str, listing_id: str, *, site: str = "lazada.com.my") -> str:
    """The plain desktop address of a listing (Lazada needs its country site)."""
    return _CANONICAL[platform].format(id=listing_id, site=site)
