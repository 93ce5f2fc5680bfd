"""Changing a password (signed in, knowing the current one) and setting one from a reset link.
Either revokes every API token and every other browser session."""

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..audit_actions import AccountAction
from ..models import User
from .credentials import Revoked, revoke_all_credentials


def _set_password(user: User, password: str, field: str) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), code="weak_password", field=field) from exc
    user.set_password(password)
    user.save(update_fields=["password"])


@transaction.atomic
def change_password(
    *,
    user: User,
    current_password: str,
    new_password: str,
    keep_session_key: str | None,
    ip_address: str | None = None,
) -> Revoked:
    """Set a new password; every API token and every browser session but `keep_session_key`
    (the one that asked) is revoked."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one change at a time
    if not user.check_password(current_password):
        raise DomainError(
            _("Your current password is incorrect."),
            code="wrong_password",
            field="current_password",
        )
    _set_password(user, new_password, "new_password")
    return revoke_all_credentials(
        user=user,
        reason=AccountAction.PASSWORD_CHANGED,
        actor=user,
        keep_session_key=keep_session_key,
        ip_address=ip_address,
    )


@transaction.atomic
def reset_password(*, user: User, new_password: str, ip_address: str | None = None) -> Revoked:
    """Set the password chosen through an emailed reset link (the link is the proof); every API
    token and every browser session is revoked."""
    User.objects.select_for_update().filter(pk=user.pk).first()  # one change at a time
    _set_password(user, new_password, "new_password1")
    return revoke_all_credentials(
        user=user, reason=AccountAction.PASSWORD_RESET, actor=user, ip_address=ip_address
    )
