"""The daily digest: one email a day per person listing the notifications of the categories
they chose to receive that way (core.notification_kinds.Delivery.DIGEST).

Idempotent by construction. `send_due_digests` (beat, daily) makes, per person with waiting
notifications, one `NotificationDigest` row for the day (unique per person and day), attaches
the waiting notifications to it and records its email in the outbox, all in one transaction: a
rerun the same day finds the row and does nothing; a crash before commit leaves nothing done.
`send_digest` (the outbox's task) sends a digest once: it checks `sent_at` first."""

from datetime import date, datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from . import languages, outbox
from .mail import send_rendered
from .models import Notification, NotificationDigest
from .notification_kinds import Category, Delivery

DIGEST_TASK = "core.tasks.send_digest_email"
MAX_ENTRIES = 200  # the rest is on the notifications page, which the email links to


def _waiting(now: datetime):
    return Notification.objects.filter(
        email_delivery=Delivery.DIGEST, digest__isnull=True, created_at__lte=now
    )


def send_due_digests(*, now: datetime | None = None) -> int:
    """Make today's digest of everyone with waiting notifications; returns how many."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    people = _waiting(now).order_by("user_id").values_list("user_id", flat=True).distinct()
    return sum(make_digest(user_id=pk, day=day, now=now) for pk in list(people))


@transaction.atomic
def make_digest(*, user_id: int, day: date, now: datetime) -> int:
    """1 when a digest was made and queued now, 0 when this person's digest of `day` exists."""
    digest, created = NotificationDigest.objects.get_or_create(
        user_id=user_id, day=day, defaults={"created_at": now}
    )
    if not created:
        return 0
    if not _waiting(now).filter(user_id=user_id).update(digest=digest):
        return 0  # nothing waits any more: the empty row only marks the day as done
    outbox.enqueue(DIGEST_TASK, digest_id=digest.pk)
    return 1


def _entry(notification: Notification) -> dict:
    category = notification.category
    label = Category(category).label if category in Category.values else ""
    return {
        "title": notification.title,
        "link": notification.link or reverse("notifications"),
        "at": timezone.localtime(notification.created_at).strftime("%Y-%m-%d %H:%M"),
        "category": str(label),
    }


def send_digest(*, digest_id: int) -> bool:
    """Send one digest unless it was sent already (a repeated delivery sends nothing)."""
    digest = (
        NotificationDigest.objects.filter(pk=digest_id, sent_at__isnull=True)
        .select_related("user")
        .first()
    )
    if digest is None:
        return False
    notes = digest.notifications.order_by("category", "created_at", "id")
    total = notes.count()
    user = digest.user
    language = languages.of_user(user)
    if total and user.is_active:
        with translation.override(language):
            entries = [_entry(n) for n in notes[:MAX_ENTRIES]]
        context = {
            "email": user.email,
            "day": digest.day.isoformat(),
            "total": total,
            "more": max(total - MAX_ENTRIES, 0),
            "entries": entries,
            "link": reverse("notifications"),
            "preferences_link": reverse("notification_preferences"),
        }
        send_rendered("notification_digest", user.notification_emails, context, language)
    NotificationDigest.objects.filter(pk=digest_id).update(sent_at=timezone.now())
    return True
