from django.db import transaction
from django.utils.translation import gettext as _

from core import audit, languages
from core.errors import DomainError
from core.timezones import is_time_zone

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
    time_zone: str | None = None,
    language: str | None = None,
) -> User:
    """Contact details change directly (no review); every change is in the audit trail.
    `language` ("" = not chosen) is a settings.LANGUAGES code (core.languages)."""
    if language and language not in languages.codes():
        raise DomainError(
            _("Choose a language from the list."), code="bad_language", field="language"
        )
    if time_zone and not is_time_zone(time_zone):
        raise DomainError(
            _("Unknown time zone: use an IANA name such as Asia/Shanghai."),
            code="bad_time_zone",
            field="time_zone",
        )
    values = {
        "contact_email": contact_email,
        "phone": phone,
        "address": address,
        "time_zone": time_zone,
        "language": language,
    }
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
