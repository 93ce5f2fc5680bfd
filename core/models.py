import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # noqa: D102 - the trail is append-only
        raise PermissionError("Audit events cannot be edited.")

    def delete(self):
        raise PermissionError("Audit events cannot be deleted.")


class AuditEvent(models.Model):
    """One immutable line of the audit trail: who did what to which object, from and to which
    status, and why. Written by services only; never updated or deleted (the model refuses, and
    on PostgreSQL a trigger refuses too)."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(max_length=64)
    target_type = models.CharField(max_length=64)
    target_id = models.CharField(max_length=64)
    from_status = models.CharField(max_length=32, blank=True)
    to_status = models.CharField(max_length=32, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["target_type", "target_id", "created_at"])]
        verbose_name = _("audit event")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}#{self.target_id}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Audit events cannot be edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Audit events cannot be deleted.")


def _private_path(instance, filename: str) -> str:
    # The stored name never contains what the user called the file.
    return f"documents/{instance.uploaded_at:%Y/%m}/{instance.id.hex}"


class Document(models.Model):
    """A privately stored upload (identity document, certificate, evidence). Served only through
    `core.views.document` to whoever `core.selectors.access_document` allows; never a public URL.
    A document is created as soon as a valid file arrives, so a form that fails for another
    reason keeps it; `attached_at` is set when a submission takes it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="documents"
    )
    file = models.FileField(upload_to=_private_path, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)
    attached_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["owner", "uploaded_at"])]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"


class Notification(models.Model):
    """An in-portal notice; every email notification has one, so nothing is only in a mailbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=64)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    # The preference category (core.notification_kinds.Category) and what became of the email:
    # "immediate" (queued with the notification), "digest" (in the next daily digest, `digest`
    # set once it is), "off", or "" (no email: an older row).
    category = models.CharField(max_length=30, blank=True)
    email_delivery = models.CharField(max_length=10, blank=True)
    digest = models.ForeignKey(
        "NotificationDigest",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="notifications",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at", "created_at"]),
            # The list, newest first, at any length (core.migrations.0009).
            models.Index(fields=["user", "-created_at", "-id"], name="notification_recent"),
            # What the daily digest still has to send: a few rows, whatever the table's size.
            models.Index(
                fields=["user", "created_at"],
                name="notification_digest_due",
                condition=models.Q(email_delivery="digest", digest__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """How a person wants the emails of one category: immediately, in a daily digest, or not at
    all (the portal's notification list always has them). No row: immediately. Mandatory
    categories (core.notification_kinds.MANDATORY) ignore any row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    category = models.CharField(max_length=30)
    delivery = models.CharField(max_length=10)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "category"], name="one_preference_per_category")
        ]

    def __str__(self) -> str:
        return f"{self.category}: {self.delivery}"


class NotificationDigest(models.Model):
    """One daily digest email of one person. The unique (user, day) row is the marker that makes
    the digest task idempotent: a rerun the same day creates nothing and sends nothing."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_digests"
    )
    day = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_digest_a_day")]

    def __str__(self) -> str:
        return f"digest {self.day}"


class Claim(models.Model):
    """A reviewer working one queue item. At most one active claim per item (a partial unique
    constraint backs the row lock that `core.claims.claim_next` takes with SKIP LOCKED)."""

    queue = models.CharField(max_length=40)
    object_id = models.CharField(max_length=64)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="claims"
    )
    claimed_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["queue", "object_id"],
                condition=models.Q(active=True),
                name="one_active_claim_per_item",
            )
        ]
        indexes = [models.Index(fields=["reviewer", "active"])]

    def __str__(self) -> str:
        return f"{self.queue}#{self.object_id} by {self.reviewer_id}"


class OutboxMessage(models.Model):
    """Work that must follow a committed change (an email, a validation, a takedown), written in
    the same transaction as the change. `core.outbox` dispatches it after commit, a periodic
    reconciler dispatches again whatever has not completed in time, and the runner executes it at
    most once at a time (a lease) until it completes. `secrets` holds values that must not sit in
    plaintext (a verification code): encrypted, and blanked once the work is done."""

    task = models.CharField(max_length=200)
    kwargs = models.JSONField(default=dict, blank=True)
    secrets = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    dispatched_at = models.DateTimeField(null=True, blank=True)
    dispatch_count = models.PositiveIntegerField(default=0)
    lease_until = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(
                fields=["created_at"],
                condition=models.Q(completed_at__isnull=True),
                name="outbox_pending",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task}#{self.pk}"


class WorkerHeartbeat(models.Model):
    """The last time each Celery worker ran the periodic reconciler (beat, broker and worker all
    working); /healthz reports the newest."""

    hostname = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.hostname} at {self.seen_at:%H:%M:%S}"


class IdempotencyRecord(models.Model):
    """One use of an `Idempotency-Key` (API) or of a form's one-time token (pages).

    The row is inserted before the request is processed; the unique (scope, key) makes the
    insert the lock, so of two identical requests at once exactly one proceeds and the other
    finds this row (in flight, or completed with the response to replay). `core.idempotency`
    writes and reads it; rows older than a day are purged."""

    scope = models.CharField(max_length=80)
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    headers = models.JSONField(default=dict, blank=True)
    body = models.BinaryField(default=b"", blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="one_idempotency_record_per_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class Tally(models.Model):
    """One change to a maintained count (`core.tallies`): +1 or -1 of `key` (a status) within
    `scope` (an owner's id, 0 for everyone). Database triggers on the counted table write these
    rows in the same transaction as the change; the count is the sum of the deltas, and a periodic
    task folds each scope's rows into one per key."""

    name = models.CharField(max_length=40)
    scope = models.BigIntegerField(default=0)
    key = models.CharField(max_length=40)
    delta = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["name", "scope", "key"], name="tally_lookup")]

    def __str__(self) -> str:
        return f"{self.name}[{self.scope}] {self.key} {self.delta:+d}"
