"""Who may read a private document. The owner and reviewers always; apps add narrower rules
(e.g. a seller reading the evidence of a complaint about its own listing) with `allow_documents`."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404

from .models import Document, NotificationPreference
from .notification_kinds import (
    DEFAULT_DELIVERY,
    MANDATORY,
    Category,
    Delivery,
    allowed_deliveries,
)

_rules: list[Callable] = []


def allow_documents(rule: Callable) -> Callable:
    """Register `rule(user, document) -> bool`; used by apps in AppConfig.ready()."""
    _rules.append(rule)
    return rule


def access_document(actor, pk) -> Document:
    """The document if `actor` may read it; 404 otherwise (never 403: no existence leak)."""
    if actor is None or not actor.is_authenticated:
        raise Http404
    document = Document.objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    if document.owner_id == actor.pk or getattr(actor, "is_reviewer", False):
        return document
    if any(rule(actor, document) for rule in _rules):
        return document
    raise Http404


# --- notification preferences ------------------------------------------------------------------
@dataclass(frozen=True)
class PreferenceRow:
    category: str
    label: str
    delivery: str
    mandatory: bool
    choices: list[str]


def notification_preferences(user) -> list[PreferenceRow]:
    """Every category with the person's choice (the default where they made none); the one list
    the page and the API show."""
    chosen = dict(
        NotificationPreference.objects.filter(user=user).values_list("category", "delivery")
    )
    rows = []
    for category in Category:
        mandatory = category in MANDATORY
        delivery = chosen.get(category.value, DEFAULT_DELIVERY)
        if mandatory or delivery not in Delivery.values:
            delivery = DEFAULT_DELIVERY if not mandatory else Delivery.IMMEDIATE
        rows.append(
            PreferenceRow(
                category=category.value,
                label=str(category.label),
                delivery=str(delivery),
                mandatory=mandatory,
                choices=allowed_deliveries(category),
            )
        )
    return rows
