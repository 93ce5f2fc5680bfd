"""When the database or the broker cannot be reached, say so clearly instead of a bare 500: API
clients get JSON 503 with `Retry-After` and the stable code `service_unavailable`; people get a
styled "temporarily unavailable" page. A service's transaction rolls back whole, so nothing is
half-saved; and a repeat is safe (Idempotency-Key for the API, one-time tokens on forms). These
pages touch neither the database nor the session."""

import logging
import sys

from django.db import InterfaceError
from django.db import OperationalError as DatabaseUnavailable
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerUnavailable

log = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
UNAVAILABLE = (DatabaseUnavailable, InterfaceError, BrokerUnavailable, ConnectionError)


def is_unavailable(exc: BaseException | None) -> bool:
    return isinstance(exc, UNAVAILABLE)


def unavailable_response(request) -> HttpResponse:
    message = _(
        "The portal is temporarily unavailable; try again in a minute. What you sent was not "
        "lost: sending it again will not file it twice."
    )
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"detail": message, "code": "service_unavailable"}, status=503
        )
    else:
        html = render_to_string("503.html", {"message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class ServiceUnavailableMiddleware:
    """Last in MIDDLEWARE, so it sees a view's exception first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_unavailable(exception):
            return None
        log.warning("service unavailable on %s: %r", request.path, exception)
        return unavailable_response(request)


def server_error(request, *args, **kwargs) -> HttpResponse:
    """handler500: the same 503 answer when the cause was an outage (a middleware reading the
    session, say); otherwise a plain 500 page, JSON for the API."""
    if is_unavailable(sys.exc_info()[1]):
        return unavailable_response(request)
    message = _("Something went wrong on our side. It has been logged; please try again.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message, "code": "server_error"}, status=500)
    return HttpResponse(render_to_string("500.html", {"message": message}), status=500)
