"""Who may act: the one place every app asks "is this a reviewer / a rights owner / a seller".

`is_*` answer a question (anonymous users are none of these); `require_*` refuse with
PermissionDenied (403 for pages and the API) and carry a message that says which role is needed.
Object-level questions (whose complaint, whose listing) stay in each app's selectors."""

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import permissions

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


def is_staff_member(actor: Any) -> bool:
    """Reviewers and every other staff account (the Django admin's `is_staff`): the accounts that
    must use a second factor on every sign-in."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    return is_reviewer(actor) or bool(getattr(actor, "is_staff", False))


def require_reviewer(actor: Any) -> None:
    if not is_reviewer(actor):
        raise PermissionDenied(_("Only reviewers can do this."))


def require_rights_owner(actor: Any) -> None:
    if not is_rights_owner(actor):
        raise PermissionDenied(_("Only rights owners can do this."))


def require_seller(actor: Any) -> None:
    if not is_seller(actor):
        raise PermissionDenied(_("Only sellers can do this."))


# --- the same questions for pages (decorators) and the API (DRF permission classes) -----------
def _page_requires(check: Callable[[Any], bool], message: str) -> Callable:
    def decorator(view: Callable) -> Callable:
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied(message)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def rights_owner_required(message: str) -> Callable:
    """Page decorator: sign in first, then 403 with `message` unless a rights owner."""
    return _page_requires(is_rights_owner, message)


def reviewer_required(message: str) -> Callable:
    """Page decorator: sign in first, then 403 with `message` unless a reviewer."""
    return _page_requires(is_reviewer, message)


class IsRightsOwner(permissions.BasePermission):
    message = gettext_lazy("Only rights owners can do this.")

    def has_permission(self, request, view) -> bool:
        return is_rights_owner(request.user)


class IsReviewer(permissions.BasePermission):
    message = gettext_lazy("Only reviewers can do this.")

    def has_permission(self, request, view) -> bool:
        return is_reviewer(request.user)
