"""Who may act: the one place every app asks "is this a reviewer / a rights owner / a seller".

`is_*` answer a question (anonymous users are none of these); `require_*` refuse with
PermissionDenied (403 for pages and the API) and carry a message that says which role is needed.
Object-level questions (whose complaint, whose listing) stay in each app's selectors."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .models import Role


def _role(actor: Any) -> str | None:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return getattr(actor, "role", None)


def is_reviewer(actor: Any) -> bool:
    return _role(actor) == Role.REVIEWER


def is_rights_owner(actor: Any) -> bool:
    return _role(actor) == Role.RIGHTS_OWNER


def is_seller(actor: Any) -> bool:
    return _role(actor) == Role.SELLER


def require_reviewer(actor: Any) -> None:
    if not is_reviewer(actor):
        raise PermissionDenied(_("Only reviewers can do this."))


def require_rights_owner(actor: Any) -> None:
    if not is_rights_owner(actor):
        raise PermissionDenied(_("Only rights owners can do this."))


def require_seller(actor: Any) -> None:
    if not is_seller(actor):
        raise PermissionDenied(_("Only sellers can do this."))
