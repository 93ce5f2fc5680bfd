from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

ACTION_LABELS = {
    "identity.submitted": _("Identity submitted"),
    "identity.review_started": _("Review started"),
    "identity.approved": _("Identity approved"),
    "identity.rejected": _("Identity rejected"),
    "sole_account.submitted": _("Sole account confirmation submitted"),
    "sole_account.approved": _("Sole account confirmed"),
    "sole_account.rejected": _("Sole account confirmation rejected"),
    "document.viewed": _("Document viewed by a reviewer"),
}


@register.filter
def action_label(action: str) -> str:
    """A person-readable label for an audit action code ("ipr.approved" -> "Ipr approved")."""
    if action in ACTION_LABELS:
        return ACTION_LABELS[action]
    subject, _sep, verb = (action or "").partition(".")
    subject = subject.replace("_", " ")
    subject = subject.upper() if subject in {"ipr", "url"} else subject.capitalize()
    return f"{subject} {verb.replace('_', ' ')}".strip()


@register.filter
def preview_pages(document) -> range:
    """Page numbers to show inline for a PDF (the first few; the rest via Open)."""
    return range(1, min(document.pages or 1, 3) + 1)


@register.filter
def status_label(code: str) -> str:
    """ "under_review" -> "Under review" for timeline rows (the model's own label is used where
    a page has the object; the audit trail only keeps the code)."""
    return (code or "").replace("_", " ").capitalize()
