"""Checking pasted listing URLs: one URL (`check_url`) or a pasted block, one per line
(`check_urls`).

Pure and linear: no database, no network, each line parsed once with anchored regular
expressions (no nested quantifiers), duplicates found with a dict. Rules, in precedence order:
glued, invalid_url, aliexpress_ru, not_alibaba, non_english, not_listing, then the block rules
too_many, wrong_platform, duplicate."""

import re
import unicodedata
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from django.conf import settings

from .messages import ALIEXPRESS_RU_IPR_EMAIL, ALIEXPRESS_RU_IPR_URL, UrlError, message
from .platforms import (
    ALIEXPRESS_RU_DOMAINS,
    ALIEXPRESS_RU_HOSTS,
    DOMAINS,
    LISTING_MATCHERS,
    SHORT_LINK_HOSTS,
    SHORT_LINK_PREFIXES,
    canonical_url,
)

MAX_URL_LENGTH = 2048
DEFAULT_MAX_URLS = 200

_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")
_SCHEME_MARK = re.compile(r"https?://", re.IGNORECASE | re.ASCII)
# Whitespace, C0/C1 controls, invisible format characters (zero-width, bidi overrides, BOM),
# and the ASCII characters a browser never leaves raw in an address it copies.
_BAD_CHAR = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    r"\ufeff\ufff9-\ufffb<>\"`\\]"
)
_URL = re.compile(
    r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*)://(?P<authority>[^/?#]*)(?P<path>[^?#]*)"
    r"(?:\?(?P<query>[^#]*))?(?:#.*)?",
    re.DOTALL | re.ASCII,
)
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_ASCII_HOST = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}")
_IPV6 = re.compile(r"\[[0-9a-f:.]{2,45}\]")
_NON_ASCII_LABEL_ASCII_PART = re.compile(r"[^a-z0-9-]")
_ENCODED_HIGH_BYTE = re.compile(r"%[89a-fA-F][0-9a-fA-F]")
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_RU_PARAMS = {"url": ALIEXPRESS_RU_IPR_URL, "email": ALIEXPRESS_RU_IPR_EMAIL}
_UNICODE_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_RU_SUFFIXES = tuple("." + domain for domain in ALIEXPRESS_RU_DOMAINS)
_TRIM = " \t\ufeff\u200b\u200c\u200d\u2060"


@dataclass(frozen=True, slots=True)
class UrlCheck:
    """The verdict on one URL: its platform and listing id when known, or an error code."""

    platform: str | None = None
    listing_id: str | None = None
    error: str | None = None
    message: Any = ""
    site: str | None = None  # the registrable domain, e.g. "lazada.sg"

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(frozen=True, slots=True)
class LineResult:
    """One non-blank line of a paste: `line` counts every line, blank ones included."""

    line: int
    url: str
    platform: str | None
    listing_id: str | None
    error: str | None
    message: Any
    site: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    @property
    def canonical_url(self) -> str | None:
        if self.platform is None or self.listing_id is None:
            return None
        return canonical_url(self.platform, self.listing_id, site=self.site or "lazada.com.my")

    def as_dict(self) -> dict[str, Any]:
        """The stable machine form (the `validate_urls` command prints exactly this)."""
        return {
            "line": self.line,
            "url": self.url,
            "ok": self.ok,
            "platform": self.platform,
            "listing_id": self.listing_id,
            "error": self.error,
        }


def max_urls_for(platform: str | None) -> int:
    """The per-platform limit: settings.IPP["COMPLAINT_MAX_URLS"] = {platform: n, "default": n}."""
    limits = getattr(settings, "IPP", {}).get("COMPLAINT_MAX_URLS", {})
    if isinstance(limits, int):
        return limits
    return int(limits.get(platform or "default", limits.get("default", DEFAULT_MAX_URLS)))


def _fail(code: str, variant: str = "", params: dict | None = None, **known) -> UrlCheck:
    key = f"{code!s}.{variant}" if variant else str(code)
    return UrlCheck(error=str(code), message=message(key, params), **known)


def _is_glued(url: str) -> bool:
    """Two URLs on one line. A scheme right after `=` or `?` in the query (a redirect target
    carried as a parameter value) is part of the first URL, not a second one."""
    if url.count("://") < 2:
        return False
    query_at = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=-1)
    for mark in _SCHEME_MARK.finditer(url, 1):
        start = mark.start()
        carried = url[start - 1] in "=?" and 0 <= query_at < start
        if not carried:
            return True
    return False


def _parse_host(authority: str, scheme: str) -> tuple[str | None, str]:
    """(host, "") or (None, invalid_url variant). The host is lowercased, without a final dot."""
    if "@" in authority:
        return None, "credentials"
    if "%" in authority:
        authority = unquote(authority, errors="replace")  # browsers decode escapes in hosts
        if _BAD_CHAR.search(authority) or "@" in authority or "/" in authority:
            return None, "host"
    authority = authority.lower()
    if authority.startswith("["):
        host, bracket, port = authority.partition("]")
        host += bracket
        if not _IPV6.fullmatch(host) or (port and not port.startswith(":")):
            return None, "host"
        port = port[1:] if port else None
    else:
        host, colon, port = authority.partition(":")
        port = port if colon else None
    if port is not None and port != _DEFAULT_PORTS[scheme]:
        return None, "port"
    return _valid_host(host)


def _valid_host(host: str) -> tuple[str | None, str]:
    if host.endswith("."):
        host = host[:-1]
    if not host or len(host) > 253:
        return None, "host"
    if host.startswith("["):
        return host, ""
    if host.isascii():
        return (host, "") if _ASCII_HOST.fullmatch(host) else (None, "host")
    host = unicodedata.normalize("NFKC", host.translate(_UNICODE_DOTS)).lower()
    for label in host.split("."):
        ascii_part = label.encode("ascii", "ignore").decode()
        if not label or len(label) > 63 or _NON_ASCII_LABEL_ASCII_PART.search(ascii_part):
            return None, "host"
    return host, ""


def _registrable(host: str) -> tuple[str | None, str, str]:
    """(platform, registrable domain, subdomain) for a marketplace host; platform None otherwise."""
    labels = host.split(".")
    for size in (2, 3):
        if len(labels) < size:
            break
        domain = ".".join(labels[-size:])
        platform = DOMAINS.get(domain)
        if platform is not None:
            return platform, domain, host[: -len(domain) - 1] if host != domain else ""
    return None, "", ""


def _is_aliexpress_ru(host: str) -> bool:
    return (
        host in ALIEXPRESS_RU_HOSTS or host in ALIEXPRESS_RU_DOMAINS or host.endswith(_RU_SUFFIXES)
    )


def _is_short_link(host: str, path: str) -> bool:
    return (
        host in SHORT_LINK_HOSTS
        or host.startswith(SHORT_LINK_PREFIXES)
        or (host.endswith("aliexpress.com") and path.startswith("/_"))
    )


def check_url(url: str) -> UrlCheck:
    """Check one URL (already trimmed). Never raises, whatever the input."""
    if _is_glued(url):
        return _fail(UrlError.GLUED)
    if len(url) > MAX_URL_LENGTH:
        return _fail(UrlError.INVALID_URL, "too_long", {"max": MAX_URL_LENGTH})
    if _BAD_CHAR.search(url):
        return _fail(UrlError.INVALID_URL, "whitespace")
    parts = _URL.fullmatch(url)
    scheme = parts.group("scheme").lower() if parts else ""
    if scheme not in _DEFAULT_PORTS:
        return _fail(UrlError.INVALID_URL, "scheme")
    host, variant = _parse_host(parts.group("authority"), scheme)
    if host is None:
        return _fail(UrlError.INVALID_URL, variant)
    if _is_aliexpress_ru(host):
        return _fail(UrlError.ALIEXPRESS_RU, params=_RU_PARAMS)
    platform, domain, sub = _registrable(host)
    if platform is None:
        return _fail(UrlError.NOT_ALIBABA)
    path, query = parts.group("path"), parts.group("query") or ""
    known = {"platform": platform, "site": domain}
    if not (url.isascii() and host.isascii()) or "xn--" in host or _ENCODED_HIGH_BYTE.search(path):
        return _fail(UrlError.NON_ENGLISH, **known)
    listing_id = LISTING_MATCHERS[platform](domain, sub, path, query)
    if listing_id is None:
        return _fail(
            UrlError.NOT_LISTING, "short_link" if _is_short_link(host, path) else "", **known
        )
    return UrlCheck(listing_id=listing_id, **known)


def _block_error(
    result: UrlCheck, *, count: int, max_urls: int, platform: str | None, first_line: int | None
) -> tuple[str, Any] | None:
    if count > max_urls:
        return str(UrlError.TOO_MANY), message("too_many", {"max": max_urls})
    if platform and result.platform != platform:
        params = {"found": result.platform, "chosen": platform}
        return str(UrlError.WRONG_PLATFORM), message("wrong_platform", params)
    if first_line is not None:
        return str(UrlError.DUPLICATE), message("duplicate", {"line": first_line})
    return None


def iter_lines(text: str):
    """(line number, trimmed text) for each non-blank line; numbers count blank lines too."""
    for number, raw in enumerate(_LINE_BREAK.split(text), start=1):
        line = raw.strip(_TRIM).strip()
        if line:
            yield number, line


def check_urls(
    text: str, *, platform: str | None = None, max_urls: int | None = None
) -> list[LineResult]:
    """Check a pasted block, one URL per line. `platform` is the one chosen for the complaint
    (None: any). Lines after the first `max_urls` non-blank ones are `too_many`; the second
    mention of a listing (same platform and id, whatever the URL form) is a `duplicate`."""
    if platform is not None and platform not in LISTING_MATCHERS:
        raise ValueError(f"Unknown platform {platform!r}")
    if max_urls is None:
        max_urls = max_urls_for(platform)
    seen: dict[tuple[str, str], int] = {}
    results: list[LineResult] = []
    for count, (number, url) in enumerate(iter_lines(text), start=1):
        result = check_url(url)
        error, text_ = result.error, result.message
        if result.listing_id is not None:
            key = (result.platform, result.listing_id)
            block = _block_error(
                result,
                count=count,
                max_urls=max_urls,
                platform=platform,
                first_line=seen.get(key),
            )
            if block is not None:
                error, text_ = block
            seen.setdefault(key, number)
        results.append(
            LineResult(number, url, result.platform, result.listing_id, error, text_, result.site)
        )
    return results
