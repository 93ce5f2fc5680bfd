"""Listing URL validation: which marketplace listing a pasted URL names, or why it cannot be
filed. See `check.py` for the rules and `platforms.py` for the recognised URL forms."""

from .check import (
    MAX_URL_LENGTH,
    LineResult,
    UrlCheck,
    check_url,
    check_urls,
    iter_lines,
    max_urls_for,
)
from .messages import ALIEXPRESS_RU_IPR_EMAIL, ALIEXPRESS_RU_IPR_URL, PRECEDENCE, UrlError
from .platforms import Platform, canonical_url, normalize_listing_id

__all__ = [
    "ALIEXPRESS_RU_IPR_EMAIL",
    "ALIEXPRESS_RU_IPR_URL",
    "MAX_URL_LENGTH",
    "PRECEDENCE",
    "LineResult",
    "Platform",
    "UrlCheck",
    "UrlError",
    "canonical_url",
    "check_url",
    "check_urls",
    "iter_lines",
    "max_urls_for",
    "normalize_listing_id",
]
