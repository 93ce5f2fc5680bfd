"""The header's language switch."""

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from core import languages

from ..services.profile import update_contact_details


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the language cookie, back to `next`); for a signed-in person the
    choice is also the account's saved language, which emails and notifications follow."""
    response = set_language(request)
    chosen = request.POST.get("language", "")
    if request.user.is_authenticated and chosen in languages.codes():
        update_contact_details(user=request.user, language=chosen)  # type: ignore[arg-type]
    return response
