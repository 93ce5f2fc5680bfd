"""The marketplaces a complaint can target, their domains, and each one's real listing URL forms.

Pure data and regular expressions: no database, no network. A listing id is the number the
marketplace uses for the product (Taobao/Tmall `id=`, 1688 offer id, Alibaba.com product id,
AliExpress item id, Lazada item id `-iN`).

The forms are a table, `RULES`: registrable domain -> subdomain -> the listing rules that apply
there (`SUBDOMAIN_FAMILIES` for open families of subdomains: suppliers' `<store>.en` sites and
AliExpress's regional sites). A rule is a path pattern matched against the whole lowercased path,
after runs of slashes are collapsed (`//product-detail/` is pasted often), and where the id is:
the pattern's group, or a query parameter."""

import re
from typing import NamedTuple

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


_LAZADA_SITES = (
    *("lazada.com", "lazada.com.my", "lazada.sg", "lazada.co.th", "lazada.com.ph"),
    *("lazada.co.id", "lazada.vn"),
)
# Registrable domains -> platform (plain strings). Anything else (lookalikes, alibabagroup.com,
# alibabacloud.com, aliyun.com, alipay.com, IP addresses) is not a marketplace.
DOMAINS: dict[str, str] = {
    "taobao.com": Platform.TAOBAO.value,
    "tb.cn": Platform.TAOBAO.value,
    "tmall.com": Platform.TMALL.value,
    "tmall.hk": Platform.TMALL_HK.value,
    "1688.com": Platform.P1688.value,
    "alibaba.com": Platform.ALIBABA.value,
    "aliexpress.com": Platform.ALIEXPRESS.value,
    "aliexpress.us": Platform.ALIEXPRESS.value,
    **{site: Platform.LAZADA.value for site in _LAZADA_SITES},
}

# AliExpress.ru is an independent platform: its own sites, its share links
# (sl.aliexpress.ru/p?key=...), and ru.aliexpress.com, which only redirects there.
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

ALIBABA_LANGUAGE_SITES = frozenset(
    [
        *("spanish", "french", "portuguese", "german", "italian", "russian", "japanese"),
        *("korean", "arabic", "turkish", "thai", "vietnamese", "indonesian", "dutch"),
        *("hebrew", "hindi"),
    ]
)

# More mentions of the id parameter than this in one query: refused (no real listing URL repeats
# it; a hostile one would cost a Python step per mention).
MAX_PARAM_REPEATS = 8


class ListingRule(NamedTuple):
    """One listing URL form: `path` must match the whole lowercased path; the listing id is its
    first group, or, when `param` is set, the single value of that query parameter."""

    path: re.Pattern[str]
    param: re.Pattern[str] | None = None


# Patterns are lowercase and matched against the lowercased path (case-insensitive matching would
# fold every character). None backtracks more than once over a long path: a slug before the id is
# an atomic group ending at the id's delimiter (its last occurrence), so hostile paths stay cheap.
_ID = r"(\d{1,20})"


def _in_path(pattern: str) -> ListingRule:
    return ListingRule(re.compile(pattern, re.ASCII))


def _param_finder(name: str) -> re.Pattern[str]:
    """`name=value` in `&` + query, after `&` or `&amp;` (a URL copied out of HTML source). The
    literal comes first so the engine jumps between candidates; the look-behinds then check them."""
    return re.compile(rf"{name}=(?:(?<=&{name}=)|(?<=&amp;{name}=))([^&]*)", re.ASCII)


def _in_query(pattern: str, name: str = "id") -> ListingRule:
    return ListingRule(re.compile(pattern, re.ASCII), _param_finder(name))


ITEM_HTM = _in_query(r"/item(?:_o)?\.htm")
TAOBAO_H5 = _in_query(r"/awp/core/detail\.htm")
TAOBAO_INTL = _in_query(r"/detail/detail\.html?")
TAOBAO_MAIN = _in_query(r"/security-h5-detail/home/?")
WORLD_ITEM = _in_path(rf"/item/(?:wap/)?{_ID}\.html?")  # world.taobao.com, its wap pages
OLD_MOBILE_ITEM = _in_path(rf"/i{_ID}\.html?")  # a.m.taobao.com, a.m.tmall.com
TMALL_HK_ITEM = _in_query(r"(?:/hk)?/item(?:_o)?\.htm")
OFFER = _in_path(rf"/offer/{_ID}\.html?")
OFFER_MOBILE = _in_query(r"/page/index\.html?", "offerId")
ALIBABA_DETAIL = _in_path(rf"/product-(?:detail|introduction)/(?>[^/]*_)?{_ID}\.html?")
ALIBABA_MOBILE = _in_path(rf"/product/{_ID}(?:/[^/]*)?\.html?")
ALIBABA_MINISITE = _in_path(rf"/product/{_ID}-\d{{1,20}}(?:/[^/]*)?\.html?")
ALIEXPRESS_ITEM = _in_path(rf"/(?:item/(?:[^/]+/)?|i/|store/product/[^/]+/\d{{1,20}}_){_ID}\.html?")
LAZADA_PRODUCT = _in_path(rf"/products/(?:(?>[^/]*-i)|i){_ID}(?:-s\d{{1,20}})?\.html?")

Rules = tuple[ListingRule, ...]
_ALIBABA_SITE: Rules = (ALIBABA_DETAIL,)
_ALIEXPRESS_SITE: Rules = (ALIEXPRESS_ITEM,)
_LAZADA_SITE: Rules = (LAZADA_PRODUCT,)
_ALIEXPRESS = {"": _ALIEXPRESS_SITE, "www": _ALIEXPRESS_SITE, "m": _ALIEXPRESS_SITE}
_LAZADA = {"": _LAZADA_SITE, "www": _LAZADA_SITE, "m": _LAZADA_SITE}

# Registrable domain -> subdomain -> rules. tb.cn has share links only.
RULES: dict[str, dict[str, Rules]] = {
    "taobao.com": {
        "item": (ITEM_HTM,),
        "detail": (ITEM_HTM,),
        "h5.m": (TAOBAO_H5,),
        "m.intl": (TAOBAO_INTL,),
        "main.m": (TAOBAO_MAIN,),
        "world": (WORLD_ITEM,),
        "a.m": (OLD_MOBILE_ITEM,),
    },
    "tmall.com": {
        "detail": (ITEM_HTM,),
        "detail.m": (ITEM_HTM,),
        "chaoshi.detail": (ITEM_HTM,),
        "a.m": (OLD_MOBILE_ITEM,),
    },
    "tmall.hk": {"detail": (TMALL_HK_ITEM,), "detail.m": (TMALL_HK_ITEM,)},
    "1688.com": {"detail": (OFFER,), "m": (OFFER,), "detail.m": (OFFER_MOBILE,)},
    "alibaba.com": {
        "": _ALIBABA_SITE,
        "www": _ALIBABA_SITE,
        "wholesaler": _ALIBABA_SITE,
        "m": (ALIBABA_MOBILE, ALIBABA_DETAIL),
        **{language: _ALIBABA_SITE for language in ALIBABA_LANGUAGE_SITES},
    },
    "aliexpress.com": _ALIEXPRESS,
    "aliexpress.us": _ALIEXPRESS,
    **{site: _LAZADA for site in _LAZADA_SITES},
}

# Registrable domain -> (subdomain pattern, rules), for subdomains not named in RULES.
SUBDOMAIN_FAMILIES: dict[str, tuple[tuple[re.Pattern[str], Rules], ...]] = {
    # A supplier's own site: <store>.en.alibaba.com/product/<id>-<n>/<slug>.html
    "alibaba.com": ((re.compile(r"[a-z0-9-]{1,63}\.en", re.ASCII), (ALIBABA_MINISITE,)),),
    # Regional sites: es.aliexpress.com, fr., ... (ru. is AliExpress.ru, decided earlier).
    "aliexpress.com": ((re.compile(r"[a-z]{2}", re.ASCII), _ALIEXPRESS_SITE),),
}


def rules_for(domain: str, sub: str) -> Rules:
    """The listing rules of a marketplace host (its registrable domain and subdomain)."""
    rules = RULES.get(domain, {}).get(sub)
    if rules is not None:
        return rules
    for pattern, family_rules in SUBDOMAIN_FAMILIES.get(domain, ()):
        if pattern.fullmatch(sub):
            return family_rules
    return ()


def normalize_listing_id(value: str) -> str | None:
    """The canonical form of a listing id (digits, no leading zeros), or None if it is not one."""
    if not (0 < len(value) <= 20 and value.isascii() and value.isdigit()):
        return None
    return value.lstrip("0") or None


def query_param(query: str, finder: re.Pattern[str]) -> str | None:
    """The single value of the parameter `finder` finds (see `_param_finder`) in a query string;
    None when absent, empty or contradictory (`?id=1&id=2`: which listing was meant cannot be
    known), or repeated more than `MAX_PARAM_REPEATS` times (no real listing URL does that)."""
    text = "&" + query
    match = finder.search(text)
    if match is None:
        return None
    value = match.group(1)
    for _repeat in range(MAX_PARAM_REPEATS):
        match = finder.search(text, match.end())
        if match is None:
            return value or None
        if match.group(1) != value:
            return None
    return None


def find_listing_id(rules: Rules, path: str, query: str) -> str | None:
    """The listing id the first matching rule finds in a (lowercased, slash-collapsed) path and
    its query."""
    for rule in rules:
        match = rule.path.fullmatch(path)
        if match is None:
            continue
        if rule.param is None:
            return match.group(1).lstrip("0") or None
        value = query_param(query, rule.param) if query else None
        return normalize_listing_id(value) if value else None
    return None


_CANONICAL: dict[str, str] = {
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
