"""The marketplace sign-in buttons (login and register pages) and the linked-accounts card (My
account), as template tags so that the accounts templates show them without accounts importing
this app."""

from django import template

from accounts.views.registration import SESSION_REGISTRATION_ANSWERS

from .. import provider, selectors
from ..middleware import mark_buttons_shown

register = template.Library()


@register.inclusion_tag("signin_oidc/_buttons.html", takes_context=True)
def marketplace_signin_buttons(context, intent: str = "signin"):
    request = context.get("request")
    if request is not None:
        mark_buttons_shown(request)
    return {
        "providers": provider.configured(),
        "intent": intent,
        "csrf_token": context.get("csrf_token"),
        "next": request.GET.get("next", "") if request is not None else "",
        # Registration answers given before a marketplace sign-in that did not finish.
        "kept_answers": intent == "signin"
        and request is not None
        and bool(request.session.get(SESSION_REGISTRATION_ANSWERS)),
    }


@register.inclusion_tag("signin_oidc/_linked_accounts.html", takes_context=True)
def marketplace_accounts_card(context):
    request = context["request"]
    mark_buttons_shown(request)
    return {
        "identities": selectors.identities_of(request.user),
        "providers": provider.configured(),
        "csrf_token": context.get("csrf_token"),
        "has_password": request.user.has_usable_password(),
    }
