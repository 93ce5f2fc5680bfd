from django import template

from core import audit_actions

register = template.Library()


@register.filter
def action_label(action: str) -> str:
    """A person-readable label for an audit action code, from the apps' registered enums."""
    return audit_actions.action_label(action)


@register.filter
def preview_pages(document) -> range:
    """Page numbers to show inline for a PDF (the first few; the rest via Open)."""
    return range(1, min(document.pages or 1, 3) + 1)


@register.filter
def to_status_label(event) -> str:
    """The translated label of the status an audit row moved its target to."""
    return audit_actions.status_label(event.target_type, event.to_status)


@register.filter
def status_label(code: str) -> str:
    """ "under_review" -> "Under review" for timeline rows (the model's own label is used where
    a page has the object; the audit trail only keeps the code)."""
    return (code or "").replace("_", " ").capitalize()
