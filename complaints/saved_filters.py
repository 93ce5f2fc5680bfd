"""Saved Manage Complaints filters: an account names the current filter set and picks it again
later. Services (save, delete) and reads, for the page and the API alike. A saved filter is only a
query string of the list's own filter names, as `ManageFilterForm` cleaned them, so picking it runs
the same checks as typing it."""

from urllib.parse import urlencode

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import User
from core import audit
from core.errors import DomainError

from .audit_actions import ComplaintAction
from .models import SavedFilter

FILTER_NAMES = ("platform", "status", "ipr", "reason", "date_from", "date_to", "q")
MAX_SAVED_FILTERS = 30


def query_of(values: dict) -> str:
    """The query string of the filter values set (in a fixed order; empty ones left out)."""
    pairs = [(name, values[name]) for name in FILTER_NAMES if values.get(name) not in (None, "")]
    return urlencode(
        [
            (name, value.isoformat() if hasattr(value, "isoformat") else value)
            for name, value in pairs
        ]
    )


def saved_filters_for(owner: User) -> QuerySet:
    return SavedFilter.objects.filter(owner=owner).order_by("name", "id")


@transaction.atomic
def save_filter(*, owner: User, name: str, values: dict) -> SavedFilter:
    """Save the filter values under `name`; the same name again replaces that filter's values."""
    name = " ".join(name.split())
    if not name:
        raise DomainError(_("Name the filter to save it."), code="name_required", field="name")
    if len(name) > 60:
        raise DomainError(_("Use at most 60 characters."), code="too_long", field="name")
    query = query_of(values)
    saved, created = SavedFilter.objects.select_for_update().get_or_create(
        owner=owner, name=name, defaults={"query": query}
    )
    if created and saved_filters_for(owner).count() > MAX_SAVED_FILTERS:
        raise DomainError(
            _("You can keep at most %(n)d saved filters; delete one first.")
            % {"n": MAX_SAVED_FILTERS},
            code="too_many_filters",
            field="name",
        )
    if not created and saved.query != query:
        saved.query = query
        saved.save(update_fields=["query"])
    audit.record(
        action=ComplaintAction.FILTER_SAVED,
        target=saved,
        actor=owner,
        data={"name": name, "query": query},
    )
    return saved


def access_saved_filter(owner: User, pk: int) -> SavedFilter:
    saved = saved_filters_for(owner).filter(pk=pk).first()
    if saved is None:
        raise Http404
    return saved


@transaction.atomic
def delete_filter(*, owner: User, saved: SavedFilter) -> None:
    if saved.owner_id != owner.pk:
        raise Http404
    audit.record(
        action=ComplaintAction.FILTER_DELETED,
        target=saved,
        actor=owner,
        data={"name": saved.name, "query": saved.query},
    )
    saved.delete()
