"""Audit action codes: one TextChoices enum per app (in `<app>/audit_actions.py`), each member a
code ("ipr.approved") with a translatable label. Every app registers its enum here in its
AppConfig.ready, so core, at the bottom, can label any action without importing the apps above
it. `action_label` is the one lookup the audit timeline uses."""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils.translation import gettext_lazy as _

_LABELS: dict[str, str] = {}
_OWNERS: dict[str, type[models.TextChoices]] = {}


class CoreAction(models.TextChoices):
    CLAIM_TAKEN = "claim.taken", _("Claimed by a reviewer")
    CLAIM_RELEASED = "claim.released", _("Claim released")
    DOCUMENT_VIEWED = "document.viewed", _("Document viewed by a reviewer")
    NOTIFICATION_PREFERENCES_CHANGED = (
        "notifications.preferences_changed",
        _("Email notification preferences changed"),
    )


def register_actions(enum: type[models.TextChoices]) -> None:
    """Add an app's actions to the registry; one code belongs to one enum only."""
    for member in enum:
        owner = _OWNERS.setdefault(member.value, enum)
        if owner is not enum:
            raise ImproperlyConfigured(
                f"Audit action {member.value!r} is in both {owner.__name__} and {enum.__name__}."
            )
        _LABELS[member.value] = member.label


def registered_actions() -> dict[str, str]:
    return dict(_LABELS)


def status_label(target_type: str, code: str) -> str:
    """The label of a status an audit row records, from its target model's status field (the
    row keeps only the code and the model's label, e.g. "complaints.complaintitem"); a readable
    form of the code when the model or the code is unknown."""
    for field in _status_fields(target_type):
        label = dict(field.flatchoices).get(code)
        if label is not None:
            return str(label)
    return (code or "").replace("_", " ").capitalize()


def _status_fields(target_type: str) -> list[models.Field]:
    try:
        model = apps.get_model(target_type)
    except (LookupError, ValueError):
        return []
    return [f for f in model._meta.fields if f.choices and f.name.endswith("status")]


def action_label(action: str) -> str:
    """The registered label of an action code; for an unknown code (an old row whose action is no
    longer written), a readable form of the code ("ipr.approved" -> "IPR approved")."""
    if action in _LABELS:
        return str(_LABELS[action])
    subject, _sep, verb = (action or "").partition(".")
    subject = subject.replace("_", " ")
    subject = subject.upper() if subject in {"ipr", "url"} else subject.capitalize()
    return f"{subject} {verb.replace('_', ' ')}".strip()
