"""`{% form_once %}`: the one-time token that makes a double click send a form once."""

from django import template
from django.utils.html import format_html

from core.idempotency import FORM_FIELD, issue_form_token

register = template.Library()


@register.simple_tag(takes_context=True)
def form_once(context) -> str:
    """A hidden input for forms whose view has `@form_once` (see core.idempotency)."""
    return format_html(
        '<input type="hidden" name="{}" value="{}">',
        FORM_FIELD,
        issue_form_token(context["request"]),
    )
