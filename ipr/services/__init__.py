"""Every write to an IPR. One service per transition; see the submodules."""

from .review import approve_ipr, mark_ipr_invalid, reject_ipr
from .submission import (
    attach_authorization_letter,
    create_and_submit_ipr,
    create_ipr,
    renew_ipr,
    resubmit_ipr,
    submit_ipr,
    update_ipr,
)
from .sweep import notify_expiry, notify_withdrawn, send_expiry_reminders, withdraw_expired

__all__ = [
    "approve_ipr",
    "attach_authorization_letter",
    "create_and_submit_ipr",
    "create_ipr",
    "mark_ipr_invalid",
    "notify_expiry",
    "notify_withdrawn",
    "reject_ipr",
    "renew_ipr",
    "resubmit_ipr",
    "send_expiry_reminders",
    "submit_ipr",
    "update_ipr",
    "withdraw_expired",
]
