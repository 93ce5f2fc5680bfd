"""Checks every IPR service makes: the row lock, the transition, the actor."""

from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import filing_block_reason
from core.errors import DomainError, TransitionError

from ..models import IPR, IPRStatus, is_current


def locked(ipr: IPR) -> IPR:
    """The current row, locked until the surrounding transaction ends (a no-op lock on SQLite,
    whose IMMEDIATE transactions serialize writers anyway). Call inside transaction.atomic."""
    return IPR.objects.select_for_update().select_related("owner").get(pk=ipr.pk)


def check_transition(ipr: IPR, to_status: str) -> None:
    if to_status not in IPR.TRANSITIONS.get(IPRStatus(ipr.status), set()):
        raise TransitionError(
            _("This cannot be done now: the IPR is %(status)s.")
            % {"status": ipr.get_status_display().lower()},
            code="conflict",
        )


def check_owner(ipr: IPR, actor: User) -> None:
    if ipr.owner_id != getattr(actor, "pk", None):
        raise Http404


def check_may_file(owner: User) -> None:
    reason = filing_block_reason(owner)
    if reason:
        raise DomainError(reason, code="filing_blocked")
    expires = owner.identity_expires_on
    if expires is not None and not is_current(expires, timezone.localdate()):
        raise DomainError(
            _(
                "Your identity certificate expired on %(date)s. Submit a new valid ID or "
                "business registration certificate on the account page first."
            )
            % {"date": expires.isoformat()},
            code="identity_expired",
        )
