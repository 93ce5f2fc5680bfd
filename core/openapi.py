"""The API's OpenAPI document: the error answers every operation can give, declared once.

Every refusal the API gives is a JSON object (core.api.exception_handler, the edge guards in
core.middleware, core.error_responses, the second-factor gate, core.unavailable): `detail` and a
stable `code`, or, for a form that did not validate, each field's name mapped to its messages.
Which statuses an operation can answer follows from how it is built, so the schema class adds
them to every operation instead of each view listing them."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse, extend_schema_field, extend_schema_serializer
from rest_framework import serializers

UNSAFE_METHODS = ("POST", "PUT", "PATCH", "DELETE")
BODY_METHODS = ("POST", "PUT", "PATCH")
NO_BODY = "No response body"  # drf-spectacular's description of a response declared as None


@extend_schema_field(
    {"oneOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}
)
class CodeField(serializers.CharField):
    """A string, except in a validation error about a request field that is itself named `code`
    (a verification code): then, like every invalid field, the list of its messages."""


@extend_schema_serializer(component_name="Error")
class ErrorOut(serializers.Serializer):
    """A refusal. Validation errors carry no `detail`: each invalid field's name maps to a list of
    messages (`non_field_errors` for the request as a whole)."""

    detail = serializers.CharField(required=False, help_text=_("What went wrong, for people."))
    code = CodeField(required=False, help_text=_("Stable, for programs."))
    field = serializers.CharField(required=False, help_text=_("The input the error is about."))


ERROR_DESCRIPTIONS = {
    "400": _("The request is malformed or its input is invalid."),
    "401": _("The credentials are missing, wrong or expired."),
    "403": _(
        "Not allowed: the account's role, a missing second factor, or a missing CSRF token "
        "on a signed-in browser session."
    ),
    "404": _("No such object, or not one this account may see."),
    "409": _(
        "The object is not in a state that allows this, or a request with the same "
        "Idempotency-Key is still running."
    ),
    "413": _("The request body is too large."),
    "415": _("The body's content type is not one this operation reads."),
    "422": _("The Idempotency-Key was used before with another request body."),
    "429": _("Too many requests; wait before trying again."),
    "503": _("The portal is briefly unavailable; try again in a minute."),
}


class PortalSchema(AutoSchema):
    """drf-spectacular's schema plus the error answers each operation can give."""

    def error_statuses(self) -> list[str]:
        statuses = ["400", "403", "429", "503"]
        if getattr(self.view, "authentication_classes", None):
            statuses.append("401")
        if "{" in self.path:  # a path parameter names an object
            statuses.append("404")
        if self.method in UNSAFE_METHODS:
            statuses.append("409")
        if self.method in BODY_METHODS and self.get_request_serializer() is not None:
            statuses += ["413", "415"]
        return statuses

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for status in self.error_statuses():
            responses.setdefault(status, self._error(status))
        for status, response in responses.items():
            if status >= "400" and "content" not in response:
                # Declared by a view without a body (`429: None`): the body is still the error.
                described = response.get("description") not in (None, "", NO_BODY)
                response.update(self._error(status, response["description"] if described else ""))
        return dict(sorted(responses.items()))

    def _error(self, status: str, description: str = "") -> dict:
        description = description or str(ERROR_DESCRIPTIONS.get(status, ""))
        return self._get_response_for_code(
            OpenApiResponse(ErrorOut, description=description), status
        )
