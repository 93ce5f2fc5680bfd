"""How a request that fails outside a view's own error handling is answered: for every /api/
path JSON with a `detail` and a stable `code` (an API client never has to parse an HTML page),
for people the portal's pages. Wired as handler400/403/404 (ipp/urls.py) and CSRF_FAILURE_VIEW;
handler500 and the 503s are core.unavailable's, the 429 is core.views.rate_limited."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import csrf, defaults

from .errors import DomainError


def is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def api_error(detail: str, code: str, status: int) -> JsonResponse:
    return JsonResponse({"detail": str(detail), "code": code}, status=status)


def _refused_page(request: HttpRequest, message: str, status: int) -> HttpResponse:
    return render(request, "core/refused.html", {"message": message}, status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler400: a BadRequest or SuspiciousOperation (a damaged cursor, a body over
    DATA_UPLOAD_MAX_MEMORY_SIZE, too many fields). A DomainError's message is ours and is shown;
    Django's own messages may quote the request and are not."""
    if isinstance(exception, RequestDataTooBig):
        message = _("The request is too large. Send less data at once.")
        status, code = 413, "too_large"
    elif isinstance(exception, DomainError):
        message, status, code = exception.message, exception.status_code, exception.code
    else:
        message = _("The request could not be understood. Check it and send it again.")
        status, code = 400, "bad_request"
    if is_api(request):
        return api_error(message, code, status)
    return _refused_page(request, message, status)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(
            _("You do not have permission to perform this action."), "permission_denied", 403
        )
    return defaults.permission_denied(request, exception or PermissionDenied())


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api(request):
        return api_error(_("There is nothing at this address."), "not_found", 404)
    return defaults.page_not_found(request, exception or Http404())


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """CSRF_FAILURE_VIEW. DRF's session authentication reports its own CSRF failures (403 JSON
    through the API's exception handler); this answers any other, before a view is reached."""
    if is_api(request):
        return api_error(
            _("CSRF check failed. Send the CSRF token, or authenticate with a token."),
            "csrf_failed",
            403,
        )
    return csrf.csrf_failure(request, reason)
