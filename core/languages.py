"""Which language a person reads the portal in.

Each account keeps one (`accounts.User.language`, a code of settings.LANGUAGES): set at
registration from the browser's language, changed on the contact details page, through
PATCH /api/v1/me/ or with the header's language switch. Blank means "not chosen": pages then
follow the browser (Django's LocaleMiddleware) and emails go out in settings.LANGUAGE_CODE.

- Pages: the saved language of a signed-in person wins over the browser's (SavedLanguageMiddleware).
- API: an explicit Accept-Language header wins; without one, the saved language
  (`activate_saved`, called by the API's token authentication and by the middleware).
- Emails and notifications: the recipient's language (core.notify, core.mail); an address
  without an account reads the language it was given (a DMCA notice stores its form's), else
  settings.LANGUAGE_CODE.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.http import HttpRequest
from django.utils import translation


def supported(code: str | None) -> str:
    """The settings.LANGUAGES code for `code` ("zh-CN", "zh_Hans", "en-us"), "" when none fits."""
    if not code or not isinstance(code, str):
        return ""
    try:
        return translation.get_supported_language_variant(code.strip().replace("_", "-").lower())
    except LookupError:
        return ""


def codes() -> list[str]:
    return [code for code, _label in settings.LANGUAGES]


def of_user(user: object) -> str:
    """A person's saved language, else the portal's default."""
    return supported(getattr(user, "language", "")) or settings.LANGUAGE_CODE


def of_addresses(addresses: Iterable[str]) -> str:
    """The language of the account one of `addresses` belongs to (registered or contact email),
    else the portal's default: how an email queued without a language is rendered."""
    wanted = sorted({a.strip().lower() for a in addresses if a and a.strip()})
    if not wanted:
        return settings.LANGUAGE_CODE
    saved = (
        get_user_model()
        .objects.filter(Q(email__in=wanted) | Q(contact_email__in=wanted))
        .exclude(language="")
        .order_by("-is_active", "id")
        .values_list("language", flat=True)
        .first()
    )
    return supported(saved) or settings.LANGUAGE_CODE


def asked_explicitly(request: HttpRequest) -> bool:
    return bool(request.META.get("HTTP_ACCEPT_LANGUAGE", "").strip())


def activate_saved(request: HttpRequest, user: object, *, api: bool) -> None:
    """Switch this request to `user`'s saved language (an API request naming one keeps its own)."""
    saved = supported(getattr(user, "language", ""))
    if not saved or (api and asked_explicitly(request)):
        return
    translation.activate(saved)
    request.LANGUAGE_CODE = saved  # type: ignore[attr-defined]


class SavedLanguageMiddleware:
    """After LocaleMiddleware and AuthenticationMiddleware: a signed-in person's saved language.
    API requests follow `activate_saved(api=True)`; tokens are checked later, by DRF, where the
    token authentication calls it again."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            activate_saved(request, user, api=request.path.startswith("/api/"))
        return self.get_response(request)
