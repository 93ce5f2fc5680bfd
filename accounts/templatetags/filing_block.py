from django import template
from django.urls import reverse

from ..selectors import filing_block_action

register = template.Library()


@register.inclusion_tag("accounts/_filing_block_link.html", takes_context=True)
def filing_block_link(context) -> dict:
    """The link beside a "you cannot file yet" message: to the page that lifts the block."""
    request = context.get("request")
    action = filing_block_action(request.user) if request is not None else None
    if action is None:
        return {"link": None}
    url_name, label = action
    return {"link": {"url": reverse(url_name), "label": label}}
