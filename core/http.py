"""Request facts the services need (who is calling from where).

`client_ip` is the one definition of the client's address: audit rows, django-ratelimit's
key="ip" (RATELIMIT_IP_META_KEY = ratelimit_ip) and DRF's throttles (core.throttling) all use it,
and nothing else reads X-Forwarded-For."""

import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def client_ip(request) -> str | None:
    """The client's address. With no trusted proxy (IPP_TRUSTED_PROXIES=0) the peer, REMOTE_ADDR;
    X-Forwarded-For is then anyone's claim and ignored. Behind N trusted proxies, each appends
    the address it received from, so the Nth entry from the right is the one the outermost proxy
    saw; entries further left were written by the client and are ignored. A header with fewer
    entries (or an unreadable one) falls back to REMOTE_ADDR."""
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = settings.IPP_TRUSTED_PROXIES
    if proxies <= 0:
        return remote
    forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    forwarded = [a for a in forwarded if a]
    if len(forwarded) < proxies:
        return remote
    return _ip_or_none(forwarded[-proxies]) or remote


def _ip_or_none(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def ratelimit_ip(request) -> str:
    """django-ratelimit's key="ip" (RATELIMIT_IP_META_KEY): called with the request, it returns the
    address to count against (django-ratelimit then applies its IPv4/IPv6 masks)."""
    ip = client_ip(request)
    if not ip:
        raise ImproperlyConfigured(
            "The request has no client address: REMOTE_ADDR is empty (a unix socket?) and "
            "IPP_TRUSTED_PROXIES does not say how to read X-Forwarded-For."
        )
    return ip


def user_agent(request) -> str:
    return (request.META.get("HTTP_USER_AGENT") or "")[:300]
