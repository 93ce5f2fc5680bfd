"""API authentication: knox tokens (`Authorization: Token <key>`) that note when last used."""

from datetime import timedelta

from django.utils import timezone
from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication

from core import languages

from .models import ApiToken

# A token used again within this interval is not written again (one write per client per minute).
LAST_USED_PRECISION = timedelta(minutes=1)


class ApiTokenAuthentication(TokenAuthentication):
    """knox's TokenAuthentication (expired tokens refused and deleted, nothing refreshed) that
    records `last_used_at` for the account page's list of API clients. A token's answers are in
    its account's saved language unless the request sends Accept-Language (core.languages)."""

    def authenticate(self, request):
        found = super().authenticate(request)
        if found is not None:
            languages.activate_saved(getattr(request, "_request", request), found[0], api=True)
        return found

    def validate_user(self, auth_token: ApiToken):
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
            token.last_used_at = now
        return user, token


class ApiTokenScheme(KnoxTokenScheme):
    """The OpenAPI security scheme of the subclass above (drf-spectacular matches exact classes)."""

    target_class = "accounts.authentication.ApiTokenAuthentication"
    name = "tokenAuth"
