from django.db import transaction

from core import audit

from ..audit_actions import AccountAction
from ..models import User

CONTACT_FIELDS = ("contact_email", "phone", "address")


@transaction.atomic
def update_contact_details(
    *,
    user: User,
    contact_email: str | None = None,
    phone: str | None = None,
    address: str | None = None,
) -> User:
    """Contact details change directly (no review); every change is in the audit trail."""
    values = {"contact_email": contact_email, "phone": phone, "address": address}
    changes = {}
    for field, value in values.items():
        if value is None:
            continue
        value = value.strip().lower() if field == "contact_email" else value.strip()
        if getattr(user, field) != value:
            changes[field] = {"from": getattr(user, field), "to": value}
            setattr(user, field, value)
    if changes:
        user.save(update_fields=list(changes))
        audit.record(
            action=AccountAction.ACCOUNT_CONTACT_UPDATED, target=user, actor=user, data=changes
        )
    return user
