"""Readiness of the three things the portal cannot work without."""

import uuid

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from kombu import Connection


def check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_broker() -> str:
    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
        connect_timeout=2,
    ) as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def check_storage() -> str:
    name = default_storage.save(f"healthz/{uuid.uuid4().hex}.txt", ContentFile(b"ok"))
    try:
        with default_storage.open(name) as fh:
            if fh.read() != b"ok":
                raise OSError("storage read back different bytes")
    finally:
        default_storage.delete(name)
    return "ok"


CHECKS = {"database": check_database, "broker": check_broker, "storage": check_storage}


def background_state() -> dict:
    """The worker's last heartbeat and the oldest unfinished outbox work. A worker silent for
    WORKER_HEARTBEAT_STALE_SECONDS makes the portal "degraded": pages still work, background
    work waits (safely, in the outbox)."""
    from django.db.models import Max
    from django.utils import timezone

    from . import outbox
    from .models import WorkerHeartbeat

    seen = WorkerHeartbeat.objects.aggregate(m=Max("seen_at"))["m"]
    age = (timezone.now() - seen).total_seconds() if seen else None
    stale = settings.IPP["WORKER_HEARTBEAT_STALE_SECONDS"]
    pending = outbox.oldest_pending_age_seconds()
    return {
        "worker": "ok" if age is not None and age <= stale else "degraded",
        "worker_heartbeat_age_seconds": round(age, 1) if age is not None else None,
        "outbox_oldest_pending_age_seconds": round(pending, 1) if pending is not None else None,
    }


def run_checks() -> tuple[bool, dict[str, str]]:
    results: dict[str, str] = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as exc:  # noqa: BLE001 - any failure is "not ok", reported by name
            results[name] = f"error: {exc.__class__.__name__}: {exc}"[:300]
    return all(v == "ok" for v in results.values()), results
