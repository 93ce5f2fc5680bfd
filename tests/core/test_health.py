import pytest


@pytest.mark.django_db
def test_healthz_reports_each_dependency_and_the_worker_heartbeat(client):
    from core.tasks import reconcile_outbox

    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert set(body["checks"]) == {"database", "broker", "storage"}
    assert body["status"] == "degraded" and body["worker"] == "degraded"
    assert body["worker_heartbeat_age_seconds"] is None
    reconcile_outbox.delay()  # what beat runs every few seconds on a live worker
    body = client.get("/healthz").json()
    assert body["status"] == "ok" and body["worker"] == "ok"
    assert body["worker_heartbeat_age_seconds"] < 5


@pytest.mark.django_db
def test_healthz_reports_the_age_of_the_oldest_unfinished_outbox_work(client):
    import datetime

    from django.utils import timezone

    from core import outbox
    from core.models import OutboxMessage, WorkerHeartbeat

    WorkerHeartbeat.objects.create(
        hostname="w", seen_at=timezone.now() - datetime.timedelta(minutes=3)
    )
    assert client.get("/healthz").json()["outbox_oldest_pending_age_seconds"] is None
    outbox.enqueue("core.tasks.purge_outbox")  # not committed in this test: stays pending
    OutboxMessage.objects.update(created_at=timezone.now() - datetime.timedelta(seconds=90))
    body = client.get("/healthz").json()
    assert 89 < body["outbox_oldest_pending_age_seconds"] < 100
    assert body["worker"] == "degraded"  # last heartbeat three minutes ago


@pytest.mark.django_db
def test_healthz_is_503_when_the_broker_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"].startswith("error")
