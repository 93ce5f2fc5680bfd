"""DRF's anonymous and per-user throttles, counting anonymous callers by core.http.client_ip.

DRF's own get_ident reads X-Forwarded-For by NUM_PROXIES with rules of its own (unset, a rotating
header is a new caller each time; a header shorter than NUM_PROXIES yields its leftmost,
client-written entry). The portal has one rule for the client address."""

from rest_framework import throttling

from .http import client_ip


class ClientAddressIdent:
    def get_ident(self, request) -> str:
        return client_ip(request) or ""


class AnonRateThrottle(ClientAddressIdent, throttling.AnonRateThrottle):
    pass


class UserRateThrottle(ClientAddressIdent, throttling.UserRateThrottle):
    pass
