"""API plumbing shared by every app: one exception handler mapping domain errors to 400/409/429,
and giving every other error body the same shape: a `detail` and a stable `code`."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django_ratelimit.exceptions import Ratelimited
from rest_framework import status
from rest_framework.exceptions import ErrorDetail
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from .errors import DomainError
from .rate_limits import refusal


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        retry_after = getattr(exc, "retry_after", None)
        if retry_after:
            body["retry_after"] = retry_after
            return Response(body, status=exc.status_code, headers={"Retry-After": str(retry_after)})
        return Response(body, status=exc.status_code)
    if isinstance(exc, Ratelimited):
        message, retry_after = refusal(exc)
        body = {"detail": message, "code": "throttled"}
        if retry_after:
            body["retry_after"] = retry_after
        headers = {"Retry-After": str(retry_after)} if retry_after else None
        return Response(body, status=status.HTTP_429_TOO_MANY_REQUESTS, headers=headers)
    if isinstance(exc, DjangoValidationError):  # a value the ORM refused: the client's, not ours
        return Response({"detail": " ".join(exc.messages), "code": "invalid"}, status=400)
    response = drf_exception_handler(exc, context)
    if response is not None:
        _add_code(response)
    return response


def _add_code(response: Response) -> None:
    """DRF's {"detail": ...} bodies (401, 403, 404, 405, 406, 415, 429) get the code DRF keeps on
    the message. Field-error bodies keep their shape (a field may itself be named `code`)."""
    data = response.data
    if isinstance(data, dict) and "detail" in data and "code" not in data:
        detail = data["detail"]
        data["code"] = detail.code if isinstance(detail, ErrorDetail) else "error"
