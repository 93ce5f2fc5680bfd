"""Celery tasks of the shared plumbing: the outbox runner and reconciler, and email sending."""

from datetime import timedelta

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from . import outbox
from .mail import send_rendered
from .models import WorkerHeartbeat

# Database and broker faults are transient: retry with backoff (the outbox re-dispatches anyway).
TRANSIENT = (OperationalError, InterfaceError, BrokerError, OSError)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=8,
)
def run_outbox_message(message_id: int) -> bool:
    """Run one outbox message (its id is all the broker carries)."""
    return outbox.run(message_id)


@shared_task(bind=True, acks_late=True, ignore_result=True)
def reconcile_outbox(self) -> int:
    """Beat, every few seconds: re-dispatch unfinished work and record that this worker lives."""
    WorkerHeartbeat.objects.update_or_create(
        hostname=self.request.hostname or "worker", defaults={"seen_at": timezone.now()}
    )
    return outbox.redispatch_due()


@shared_task(acks_late=True)
def purge_outbox() -> int:
    return outbox.purge()


@shared_task
def send_templated_email(template: str, to: list[str], context: dict, language: str = "") -> int:
    """Send one notification. Context is plain JSON; nothing here decides anything. `language`:
    the recipient's, named when it was queued (older rows: looked up by address)."""
    return send_rendered(template, to, context, language)


@shared_task(acks_late=True, ignore_result=True)
def purge_idempotency_records() -> int:
    """Hourly: forget Idempotency-Keys and form tokens older than a day."""
    from .idempotency import purge

    return purge()


@shared_task(acks_late=True, ignore_result=True)
def purge_unattached_documents(max_age_hours: int = 24) -> int:
    """Daily: delete uploads no submission took (a form abandoned after an error). A day's grace
    keeps a document a person is still re-submitting a form with."""
    from .documents import purge_unattached

    return purge_unattached(older_than=timezone.now() - timedelta(hours=max_age_hours))


@shared_task(acks_late=True, ignore_result=True)
def compact_tallies() -> int:
    """Every minute: fold the maintained counts' rows (core.tallies) so a read sums a few."""
    from .tallies import compact_all

    return compact_all()


@shared_task(acks_late=True, ignore_result=True)
def send_daily_digests() -> int:
    """Daily (beat): queue each person's digest of the day; a rerun queues nothing twice."""
    from .digest import send_due_digests

    return send_due_digests()


@shared_task
def send_digest_email(digest_id: int) -> bool:
    """Run through the outbox: send one digest once."""
    from .digest import send_digest

    return send_digest(digest_id=digest_id)
