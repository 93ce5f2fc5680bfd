"""Checks every IPR service makes: the row lock, the transition, the actor."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import filing_block_reason
from core.errors import DomainError, TransitionError

from ..models import IPR, is_current


def locked(ipr: IPR) -> IPR:
    """The current row, locked until the surrounding transaction ends (a no-op lock on SQLite,
    whose IMMEDIATE transactions serialize writers anyway). Call inside transaction.atomic."""
    return IPR.objects.select_for_update().select_related("owner").get(pk=ipr.pk)


def check_transition(ipr: IPR, to_status: str) -> None:
    if to_status not in IPR.TRANSITIONS.get(ipr.status, set()):
        raise TransitionError(
            _("This cannot be done now: the IPR is %(status)s.")
            % {"status": ipr.get_status_display().lower()},
            code="conflict",
        )


def check_owner(ipr: IPR, actor) -> None:
    if ipr.owner_id != getattr(actor, "pk", None):
        raise Http404


def check_reviewer(actor) -> None:
    if not getattr(actor, "is_reviewer", False):
        raise PermissionDenied(_("Only reviewers can decide IPR authentications."))


def check_may_file(owner) -> None:
    reason = filing_block_reason(owner)
    if reason:
        raise DomainError(reason, code="filing_blocked")
    if not is_current(owner.identity_expires_on, timezone.localdate()):
        raise DomainError(
            _(
                "Your identity certificate expired on %(date)s. Submit a new valid ID or "
                "business registration certificate on the account page first."
            )
            % {"date": owner.identity_expires_on.isoformat()},
            code="identity_expired",
        )
