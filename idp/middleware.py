"""Per request: the current signing keys, the realm (issuer) the path names, and only that
realm's members counted as signed in."""

from django.contrib.auth.models import AnonymousUser
from oauth2_provider.settings import oauth2_settings

from . import keys
from .realms import REALMS, urlconf_for

_loaded: dict[str, tuple] = {}


class SigningKeyMiddleware:
    """Reload the key files when they changed, so that a rotation needs no restart."""

    def __init__(self, get_response):
        self.get_response = get_response
        keys.ensure_key()

    def __call__(self, request):
        stamp = keys.state_stamp()
        if _loaded.get("stamp") != stamp:
            active = keys.active_pem()
            oauth2_settings.OIDC_RSA_PRIVATE_KEY = active
            oauth2_settings.OIDC_RSA_PRIVATE_KEYS_INACTIVE = [
                pem for pem in keys.published_pems() if pem != active
            ]
            _loaded["stamp"] = stamp
        return self.get_response(request)


class RealmMiddleware:
    """/<realm>/... is served by that realm's URLconf, so that reverse() (and with it the issuer
    django-oauth-toolkit derives from its discovery URL) carries the realm's prefix."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        first = request.path_info.lstrip("/").split("/", 1)[0]
        request.realm = first if first in REALMS else None
        if request.realm:
            request.urlconf = urlconf_for(request.realm)
        return self.get_response(request)


class RealmMemberMiddleware:
    """A member of one marketplace is a stranger to the others (one session cookie serves all
    three realms on this host)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if request.realm and user.is_authenticated:
            member = getattr(user, "member", None)
            if member is None or member.realm != request.realm:
                request.user = AnonymousUser()
        return self.get_response(request)
