"""Checking pasted listing URLs: one URL (`check_url`) or a pasted block, one per line
(`check_urls`).

Pure and linear: no database, no network. Each line is scanned a bounded number of times, by
C-level string operations (partition, translate) and regular expressions that start with a
literal or are anchored and never backtrack over a long input more than once; what depends only
on the host (validity, marketplace, listing rules) is computed once per distinct host; a refusal
is a verdict shared per error code, its message a lazy string translated only when shown.
Duplicates are found with a dict. Rules, in precedence order: glued, invalid_url, aliexpress_ru,
not_alibaba, non_english, not_listing, then the block rules too_many, wrong_platform, duplicate.

The host is what a browser would visit: the part after the last `@`. A URL whose real host is not
a marketplace is `not_alibaba` even when its user-info imitates one (`item.taobao.com@evil.com`);
a user name or password in front of a marketplace host is `invalid_url`."""

import functools
import re
import unicodedata
from collections.abc import Iterator
from typing import Any, NamedTuple
from urllib.parse import unquote

from django.conf import settings

from .messages import ALIEXPRESS_RU_IPR_EMAIL, ALIEXPRESS_RU_IPR_URL, UrlError, message
from .platforms import (
    ALIEXPRESS_RU_DOMAINS,
    ALIEXPRESS_RU_HOSTS,
    DOMAINS,
    SHORT_LINK_HOSTS,
    SHORT_LINK_PREFIXES,
    Platform,
    Rules,
    canonical_url,
    find_listing_id,
    rules_for,
)

MAX_URL_LENGTH = 2048
DEFAULT_MAX_URLS = 200

_LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")
# Searched in the lowercased line: a literal first lets the engine skip ahead (a case-insensitive
# pattern would be tried at every position).
_SCHEME_MARK = re.compile(r"https?://")
_UNCARRIED_SCHEME_MARK = re.compile(r"http(?<![=?]http)s?://")  # not right after `=` or `?`
_AUTHORITY_MARK = re.compile("://")  # the engine's search is linear even in a run of slashes
_DOUBLED_SCHEME = re.compile(r"https?:/*(https?:/)", re.IGNORECASE | re.ASCII)
# Whitespace, C0/C1 controls, invisible format characters (zero-width, bidi overrides, BOM),
# and the ASCII characters a browser never leaves raw in an address it copies.
_BAD_CHAR = re.compile(
    r"[\s\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    r"\ufeff\ufff9-\ufffb<>\"`\\]"
)
# Of those, the only printable ones (every other one fails str.isprintable()).
_PRINTABLE_BAD = (" ", "<", ">", '"', "`", "\\")
# Byte table for ASCII lines: 0 for a bad character (controls, space, DEL, <>"`\), 1 otherwise.
_ASCII_OK = bytes(0 if b <= 0x20 or b == 0x7F or chr(b) in '<>"`\\' else 1 for b in range(256))
_LABEL = r"[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?"
_ASCII_HOST = re.compile(rf"(?:{_LABEL}\.)*{_LABEL}")
_IPV6 = re.compile(r"\[[0-9a-f:.]{2,45}\]")
_NON_ASCII_LABEL_ASCII_PART = re.compile(r"[^a-z0-9-]")
_ENCODED_HIGH_BYTE = re.compile(r"%[89a-fA-F][0-9a-fA-F]")
_SLASHES = re.compile(r"//+")
_DEFAULT_PORTS = {"http": "80", "https": "443"}
_UNICODE_DOTS = str.maketrans({"\u3002": ".", "\uff0e": ".", "\uff61": "."})
_RU_SUFFIXES = tuple("." + domain for domain in ALIEXPRESS_RU_DOMAINS)
_TRIM = " \t\ufeff\u200b\u200c\u200d\u2060"
# The codes as plain strings (an enum member's `.value` costs a descriptor call per use).
GLUED, INVALID_URL, ALIEXPRESS_RU, NOT_ALIBABA = (
    UrlError.GLUED.value,
    UrlError.INVALID_URL.value,
    UrlError.ALIEXPRESS_RU.value,
    UrlError.NOT_ALIBABA.value,
)
NON_ENGLISH, NOT_LISTING = UrlError.NON_ENGLISH.value, UrlError.NOT_LISTING.value
TOO_MANY, WRONG_PLATFORM = UrlError.TOO_MANY.value, UrlError.WRONG_PLATFORM.value
DUPLICATE = UrlError.DUPLICATE.value
_new = tuple.__new__  # builds a verdict without the NamedTuple constructor's Python frame
# Fixed message parameters of the refusals check_url gives.
_PARAMS: dict[str, dict[str, Any]] = {
    "invalid_url.too_long": {"max": MAX_URL_LENGTH},
    "aliexpress_ru": {"url": ALIEXPRESS_RU_IPR_URL, "email": ALIEXPRESS_RU_IPR_EMAIL},
}


class UrlCheck(NamedTuple):
    """The verdict on one URL: its platform and listing id when known, or an error code and its
    lazily translated message. Verdicts and line results are named tuples: immutable, and cheap
    to build for every line of a large paste."""

    platform: str | None = None
    listing_id: str | None = None
    error: str | None = None
    message: Any = ""
    site: str | None = None  # the registrable domain, e.g. "lazada.sg"

    @property
    def ok(self) -> bool:
        return self.error is None


class LineResult(NamedTuple):
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


class _Host(NamedTuple):
    """What an authority (`user@host:port`) decides, whatever the rest of the URL: its refusal
    (invalid_url, aliexpress_ru, not_alibaba) or its marketplace, rules and later verdicts."""

    port: str | None = None
    refusal: UrlCheck | None = None
    platform: str | None = None
    site: str = ""
    rules: Rules = ()
    english: bool = True
    short_link: bool = False
    aliexpress: bool = False  # aliexpress.com's /_xxx paths are short links too
    non_english: UrlCheck | None = None
    not_listing: UrlCheck | None = None


def max_urls_for(platform: str | None) -> int:
    """The per-platform limit: settings.IPP["COMPLAINT_MAX_URLS"] = {platform: n, "default": n}."""
    limits = getattr(settings, "IPP", {}).get("COMPLAINT_MAX_URLS", {})
    if isinstance(limits, int):
        return limits
    return int(limits.get(platform or "default", limits.get("default", DEFAULT_MAX_URLS)))


@functools.lru_cache(maxsize=512)
def _fail(
    code: str, variant: str = "", platform: str | None = None, site: str | None = None
) -> UrlCheck:
    """The shared verdict for a refusal (few distinct ones: codes, variants and known sites)."""
    key = f"{code}.{variant}" if variant else code
    return UrlCheck(platform, None, code, message(key, _PARAMS.get(key)), site)


def _is_glued(url: str, start: int) -> bool:
    """Two URLs on one line: a scheme at or after `start`. A scheme right after `=` or `?` in the
    query (a redirect target carried as a parameter value) is part of the first URL."""
    lowered = url.lower()
    query_at = min((i for i in (url.find("?"), url.find("#")) if i >= 0), default=-1)
    if query_at < 0:
        return _SCHEME_MARK.search(lowered, start) is not None
    return (
        _SCHEME_MARK.search(lowered, start, query_at) is not None
        or _UNCARRIED_SCHEME_MARK.search(lowered, max(start, query_at)) is not None
    )


def _has_bad_char(url: str) -> bool:
    """Whether the line holds a `_BAD_CHAR`: one C-level pass for the usual line, the regular
    expression only for a line with a non-printable character."""
    if url.isascii():
        return 0 in url.encode("ascii").translate(_ASCII_OK)
    if url.isprintable() and not any(char in url for char in _PRINTABLE_BAD):
        return False
    return _BAD_CHAR.search(url) is not None


def _split_port(hostport: str) -> tuple[str | None, str | None]:
    """(host, port); host None when an IPv6 literal is malformed."""
    if hostport.startswith("["):
        host, bracket, port = hostport.partition("]")
        host += bracket
        if not _IPV6.fullmatch(host) or (port and not port.startswith(":")):
            return None, None
        return host, (port[1:] if port else None)
    host, colon, port = hostport.partition(":")
    return host, (port if colon else None)


def _valid_host(host: str) -> str | None:
    """The host, lowercased and without a final dot, or None if it is not a valid name."""
    if host.endswith("."):
        host = host[:-1]
    if not host or len(host) > 253:
        return None
    if host.startswith("["):
        return host
    if host.isascii():
        return host if _ASCII_HOST.fullmatch(host) else None
    host = unicodedata.normalize("NFKC", host.translate(_UNICODE_DOTS)).lower()
    for label in host.split("."):
        ascii_part = label.encode("ascii", "ignore").decode()
        if not label or len(label) > 63 or _NON_ASCII_LABEL_ASCII_PART.search(ascii_part):
            return None
    return host


def _registrable(host: str) -> tuple[str | None, str, str]:
    """(platform, registrable domain, subdomain) for a marketplace host; platform None otherwise."""
    last = host.rfind(".")
    for _size in (2, 3):
        if last < 0:
            break
        last = host.rfind(".", 0, last)
        domain = host[last + 1 :]
        platform = DOMAINS.get(domain)
        if platform is not None:
            return platform, domain, host[:last] if last >= 0 else ""
    return None, "", ""


def _marketplace(host: str, port: str | None, userinfo: bool) -> _Host:
    """The verdicts a valid host leads to."""
    platform, site, sub = _registrable(host)
    aliexpress_ru = (
        host in ALIEXPRESS_RU_HOSTS or host in ALIEXPRESS_RU_DOMAINS or host.endswith(_RU_SUFFIXES)
    )
    if userinfo and (aliexpress_ru or platform):
        return _Host(port, _fail(INVALID_URL, "credentials"))
    if aliexpress_ru:
        return _Host(port, _fail(ALIEXPRESS_RU))
    if platform is None:
        return _Host(port, _fail(NOT_ALIBABA))
    short_link = host in SHORT_LINK_HOSTS or host.startswith(SHORT_LINK_PREFIXES)
    return _Host(
        port=port,
        platform=platform,
        site=site,
        rules=rules_for(site, sub),
        english=host.isascii() and "xn--" not in host,
        short_link=short_link,
        aliexpress=host.endswith("aliexpress.com"),
        non_english=_fail(NON_ENGLISH, "", platform, site),
        not_listing=_fail(NOT_LISTING, "", platform, site),
    )


@functools.lru_cache(maxsize=1024)
def _host(authority: str) -> _Host:
    """Parse an authority once: pastes name few distinct hosts (bounded, so hostile input cannot
    grow it). The host is the part after the last `@`, as a browser reads it."""
    userinfo, at, hostport = authority.rpartition("@")
    if "%" in hostport:
        hostport = unquote(hostport, errors="replace")  # browsers decode escapes in hosts
        if _BAD_CHAR.search(hostport) or "@" in hostport or "/" in hostport:
            return _Host(refusal=_fail(INVALID_URL, "host"))
    raw_host, port = _split_port(hostport.lower())
    host = _valid_host(raw_host) if raw_host is not None else None
    if host is None:
        return _Host(port, _fail(INVALID_URL, "host"))
    return _marketplace(host, port, bool(at))


def _line_refusal(url: str, first: int) -> UrlCheck | None:
    """glued and the invalid_url reasons that need no parsing (`first`: where `://` is, or -1)."""
    if first >= 0 and _AUTHORITY_MARK.search(url, first + 3) is not None:
        doubled = _DOUBLED_SCHEME.match(url)  # `https://https://...`: one URL, mistyped
        if _is_glued(url, doubled.start(1) + 1 if doubled else 1):
            return _fail(GLUED)
        if doubled:
            return _fail(INVALID_URL, "doubled_scheme")
    if len(url) > MAX_URL_LENGTH:
        return _fail(INVALID_URL, "too_long")
    if _has_bad_char(url):
        return _fail(INVALID_URL, "whitespace")
    return None


def check_url(url: str) -> UrlCheck:
    """Check one URL (already trimmed). Never raises, whatever the input."""
    mark = _AUTHORITY_MARK.search(url)
    end = mark.start() if mark is not None else -1
    refusal = _line_refusal(url, end)
    if refusal is not None:
        return refusal
    default_port = _DEFAULT_PORTS.get(url[:end].lower()) if 4 <= end <= 5 else None
    if default_port is None:
        return _fail(INVALID_URL, "scheme")
    head, _, query = url[end + 3 :].partition("#")[0].partition("?")
    authority, slash, path = head.partition("/")
    host = _host(authority)
    if host.port is not None and host.port != default_port:
        return _fail(INVALID_URL, "port")
    if host.refusal is not None:
        return host.refusal
    path = slash + path
    if not (url.isascii() and host.english) or ("%" in path and _ENCODED_HIGH_BYTE.search(path)):
        return host.non_english or _fail(NON_ENGLISH)  # the former is set for every marketplace
    if "//" in path:
        path = _SLASHES.sub("/", path)
    listing_id = find_listing_id(host.rules, path.lower(), query)
    if listing_id is not None:
        return _new(UrlCheck, (host.platform, listing_id, None, "", host.site))
    if host.short_link or (host.aliexpress and path.startswith("/_")):
        return _fail(NOT_LISTING, "short_link", host.platform, host.site)
    return host.not_listing or _fail(NOT_LISTING)


def _split_lines(text: str) -> list[str]:
    if "\r" in text or not (text.isascii() or ("\u2028" not in text and "\u2029" not in text)):
        return _LINE_BREAK.split(text)
    return text.split("\n")


def iter_lines(text: str) -> Iterator[tuple[int, str]]:
    """(line number, trimmed text) for each non-blank line; numbers count blank lines too."""
    for number, raw in enumerate(_split_lines(text), start=1):
        line = raw.strip(_TRIM).strip()
        if line:
            yield number, line


class _Block:
    """The block rules of one paste: the limit, the chosen platform, the listings seen. Each
    block message is built once per distinct text in the paste."""

    def __init__(self, platform: str | None, max_urls: int) -> None:
        self.platform, self.max_urls = platform, max_urls
        self.seen: dict[tuple[str | None, str], int] = {}
        self.messages: dict[tuple[str, Any], Any] = {}

    def _message(self, key: str, param: Any, params: dict[str, Any]) -> Any:
        found = self.messages.get((key, param))
        if found is None:
            found = self.messages[key, param] = message(key, params)
        return found

    def error(self, verdict: UrlCheck, count: int, first_line: int) -> tuple[str, Any]:
        """The block rule a listing breaks (the caller has seen that it breaks one)."""
        if count > self.max_urls:
            return TOO_MANY, self._message(TOO_MANY, None, {"max": self.max_urls})
        if self.platform and verdict.platform != self.platform:
            params = {"found": verdict.platform, "chosen": self.platform}
            return WRONG_PLATFORM, self._message(WRONG_PLATFORM, verdict.platform, params)
        return DUPLICATE, self._message(DUPLICATE, first_line, {"line": first_line})


def check_urls(
    text: str, *, platform: str | None = None, max_urls: int | None = None
) -> list[LineResult]:
    """Check a pasted block, one URL per line. `platform` is the one chosen for the complaint
    (None: any). Lines after the first `max_urls` non-blank ones are `too_many`; the second
    mention of a listing (same platform and id, whatever the URL form) is a `duplicate`."""
    if platform is not None and platform not in Platform.values:
        raise ValueError(f"Unknown platform {platform!r}")
    block = _Block(platform, max_urls_for(platform) if max_urls is None else max_urls)
    seen, limit = block.seen, block.max_urls
    results: list[LineResult] = []
    for count, (number, url) in enumerate(iter_lines(text), start=1):
        verdict = check_url(url)
        if verdict.listing_id is not None:
            first = seen.setdefault((verdict.platform, verdict.listing_id), number)
            if first != number or count > limit or (platform and verdict.platform != platform):
                error = block.error(verdict, count, first)
                results.append(LineResult(number, url, *verdict[:2], *error, verdict.site))
                continue
        results.append(_new(LineResult, (number, url, *verdict)))
    return results
