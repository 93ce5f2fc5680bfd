"""The transactional outbox: every piece of background work that must follow a change is written
as an `OutboxMessage` row in the same transaction as the change, so a broker outage or a crash can
delay it but never lose it.

- `enqueue(task, **kwargs)` records the work (inside the caller's transaction) and dispatches it
  after commit. The broker message carries only the row's id; a failed publish is logged and left
  to the reconciler, never raised to the user.
- `run(message_id)` (the worker's `core.tasks.run_outbox_message`) takes a short lease on the row,
  runs the named Celery task's body in-process and marks the row completed. A second delivery of a
  completed or leased message does nothing, so the broker's at-least-once delivery runs the work
  once at a time and stops after the first success. Tasks are idempotent regardless.
- `redispatch_due()` (beat, every OUTBOX["RECONCILE_SECONDS"]) dispatches again every message that
  was never published or whose dispatch is older than REDISPATCH_AFTER without completing.

Secrets (a verification code) travel in `secrets`, encrypted with a key derived from SECRET_KEY,
and are blanked when the work completes or is abandoned."""

import base64
import hashlib
import json
import logging
import time
from datetime import timedelta
from typing import cast

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from kombu.exceptions import KombuError

from .models import OutboxMessage

log = logging.getLogger(__name__)

RUNNER = "core.tasks.run_outbox_message"  # the broker message carries only the row id


def _config(name: str) -> int:
    return int(cast(dict[str, int], settings.IPP["OUTBOX"])[name])


def _fernet() -> Fernet:
    key = hashlib.sha256(f"ipp-outbox:{settings.SECRET_KEY}".encode()).digest()
    return Fernet(base64.urlsafe_b64encode(key))


def _seal(secrets: dict[str, str]) -> str:
    return _fernet().encrypt(json.dumps(secrets).encode()).decode() if secrets else ""


def _unseal(token: str) -> dict[str, str]:
    if not token:
        return {}
    try:
        return json.loads(_fernet().decrypt(token.encode()))
    except InvalidToken:
        # SECRET_KEY rotated since: the secret is unrecoverable; the task sees it missing.
        return {}


def enqueue(task: str, *, secrets: dict[str, str] | None = None, **kwargs) -> OutboxMessage:
    """Record `task(**kwargs, **secrets)` to run after the current transaction commits.
    `kwargs` must be plain JSON; `secrets` are stored encrypted."""
    message = OutboxMessage.objects.create(
        task=task, kwargs=kwargs, secrets=_seal(secrets or {}), created_at=timezone.now()
    )
    transaction.on_commit(lambda: dispatch([message.pk]))
    return message


# After a failed publish this process leaves publishing to the reconciler for a while, so that a
# broker outage costs one request a connect timeout, not every request.
BREAKER_SECONDS = 15.0
_broker_down_until = 0.0


def dispatch(message_ids: list[int]) -> int:
    """Publish each message to the broker; returns how many went out. A broker that cannot be
    reached is logged, not raised: the rows stay pending and the reconciler publishes them. Runs
    after the change committed, so nothing here may fail the request: the bookkeeping of a
    publish is best effort too (a database outage right after the commit leaves the row looking
    unpublished, and the reconciler publishes it once more; the runner runs it once)."""
    global _broker_down_until
    runner = import_string(RUNNER)
    if time.monotonic() < _broker_down_until and not runner.app.conf.task_always_eager:
        return 0
    sent = 0
    for message_id in message_ids:
        try:
            runner.apply_async(args=[message_id], retry=False)
        except (KombuError, OSError, ConnectionError) as exc:
            _broker_down_until = time.monotonic() + BREAKER_SECONDS
            log.warning(
                "outbox: broker unavailable, message %s left for the reconciler: %s",
                message_id,
                exc,
            )
            break
        sent += 1
        try:
            OutboxMessage.objects.filter(pk=message_id).update(
                dispatched_at=timezone.now(), dispatch_count=F("dispatch_count") + 1
            )
        except DatabaseError as exc:
            log.warning("outbox: could not record the dispatch of %s: %s", message_id, exc)
    return sent


def _take_lease(message_id: int) -> OutboxMessage | None:
    """Conditional update: only one runner holds a message at a time, and never a completed one.
    One statement: the UPDATE returns the row it leased (RETURNING: PostgreSQL, SQLite 3.35+)."""
    now = timezone.now()
    until = now + timedelta(seconds=_config("LEASE_SECONDS"))
    table = connection.ops.quote_name(OutboxMessage._meta.db_table)
    at = connection.ops.adapt_datetimefield_value
    leased = OutboxMessage.objects.raw(
        f"UPDATE {table} SET lease_until = %s, attempts = attempts + 1 "  # noqa: S608
        "WHERE id = %s AND completed_at IS NULL AND (lease_until IS NULL OR lease_until < %s) "
        "RETURNING *",
        [at(until), message_id, at(now)],
    )
    return next(iter(leased), None)


def run(message_id: int) -> bool:
    """Run one message's work if it is neither done nor being done; True when it ran now."""
    message = _take_lease(message_id)
    if message is None:
        return False
    task = import_string(message.task)
    try:
        task.run(**message.kwargs, **_unseal(message.secrets))
    except Exception as exc:
        OutboxMessage.objects.filter(pk=message_id).update(
            lease_until=None, last_error=f"{exc.__class__.__name__}: {exc}"[:2000]
        )
        raise
    OutboxMessage.objects.filter(pk=message_id).update(
        completed_at=timezone.now(), lease_until=None, secrets="", last_error=""
    )
    return True


def due_ids(limit: int = 500) -> list[int]:
    """Messages not completed and not leased that were never published or were published more
    than REDISPATCH_AFTER ago; abandoned after GIVE_UP_AFTER."""
    now = timezone.now()
    stale = now - timedelta(seconds=_config("REDISPATCH_AFTER_SECONDS"))
    return list(
        OutboxMessage.objects.filter(
            completed_at__isnull=True,
            created_at__gte=now - timedelta(seconds=_config("GIVE_UP_AFTER_SECONDS")),
            created_at__lt=now - timedelta(seconds=_config("DISPATCH_GRACE_SECONDS")),
        )
        .filter(Q(lease_until__isnull=True) | Q(lease_until__lt=now))
        .filter(Q(dispatched_at__isnull=True) | Q(dispatched_at__lt=stale))
        .order_by("created_at", "id")
        .values_list("pk", flat=True)[:limit]
    )


def redispatch_due() -> int:
    return dispatch(due_ids())


def oldest_pending_age_seconds() -> float | None:
    """Age of the oldest message not yet completed (None when the outbox is empty)."""
    oldest = OutboxMessage.objects.filter(completed_at__isnull=True).aggregate(m=Min("created_at"))
    return (timezone.now() - oldest["m"]).total_seconds() if oldest["m"] else None


def purge(*, keep_days: int = 7) -> int:
    """Completed rows go after `keep_days`; abandoned ones lose their secrets."""
    now = timezone.now()
    give_up = now - timedelta(seconds=_config("GIVE_UP_AFTER_SECONDS"))
    OutboxMessage.objects.filter(completed_at__isnull=True, created_at__lt=give_up).exclude(
        secrets=""
    ).update(secrets="")
    deleted, _ = OutboxMessage.objects.filter(
        completed_at__lt=now - timedelta(days=keep_days)
    ).delete()
    return deleted
