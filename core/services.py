from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import audit
from .audit_actions import CoreAction
from .errors import DomainError
from .models import Notification, NotificationPreference
from .notification_kinds import MANDATORY, Category, Delivery
from .selectors import PreferenceRow, notification_preferences


def mark_read(*, notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])


def mark_all_read(*, user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def _check_choice(category: str, delivery: str) -> None:
    if category not in Category.values:
        raise DomainError(_("Unknown notification category."), code="unknown_category")
    if delivery not in Delivery.values:
        raise DomainError(
            _("Choose immediately, daily digest or off."), code="delivery", field=category
        )
    if category in MANDATORY and delivery != Delivery.IMMEDIATE:
        raise DomainError(
            _("%(category)s are always emailed at once.") % {"category": Category(category).label},
            code="mandatory_category",
            field=category,
        )


@transaction.atomic
def set_notification_preferences(*, user, choices: dict[str, str]) -> list[PreferenceRow]:
    """Set how `user` gets the emails of each named category (categories not named keep their
    setting). Refuses unknown categories and any delay or opt-out of a mandatory one; the
    changes are audited."""
    for category, delivery in choices.items():
        _check_choice(category, delivery)
    before = {row.category: row.delivery for row in notification_preferences(user)}
    changed = {c: d for c, d in choices.items() if before.get(c) != d}
    now = timezone.now()
    for category, delivery in changed.items():
        NotificationPreference.objects.update_or_create(
            user=user, category=category, defaults={"delivery": delivery, "updated_at": now}
        )
    if changed:
        audit.record(
            action=CoreAction.NOTIFICATION_PREFERENCES_CHANGED,
            target=user,
            actor=user,
            data={c: {"from": before.get(c), "to": d} for c, d in changed.items()},
        )
    return notification_preferences(user)
