from django.db import transaction

from core import audit

from ..models import User


@transaction.atomic
def update_contact_details(*, user: User, contact_email: str) -> User:
    before = user.contact_email
    user.contact_email = (contact_email or "").strip().lower()
    user.save(update_fields=["contact_email"])
    audit.record(
        action="account.contact_updated",
        target=user,
        actor=user,
        data={"contact_email": {"from": before, "to": user.contact_email}},
    )
    return user
