from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTIONS = {
    "ipr.created": _("Saved"),
    "ipr.edited": _("Edited"),
    "ipr.submitted": _("Submitted for authentication"),
    "ipr.resubmitted": _("Resubmitted after editing"),
    "ipr.authenticated": _("Authenticated by a reviewer"),
    "ipr.rejected": _("Authentication failed"),
    "ipr.withdrawn": _("Authentication withdrawn"),
    "ipr.expired": _("Expired"),
    "ipr.renewal_started": _("Renewal started"),
    "ipr.letter_uploaded": _("Authorization letter uploaded"),
    "document.viewed": _("Document viewed by a reviewer"),
}


@register.filter
def ipr_action(action: str) -> str:
    return ACTIONS.get(action, action)


@register.filter
def age_days(value) -> int:
    if not value:
        return 0
    return (timezone.now() - value).days


@register.filter
def status_label(value: str) -> str:
    from ..models import IPRStatus

    return IPRStatus(value).label if value in IPRStatus.values else value
