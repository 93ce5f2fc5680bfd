import os

from celery import Celery
from celery.signals import task_postrun, task_prerun

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipp.settings")

app = Celery("ipp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@task_prerun.connect
@task_postrun.connect
def _database_connections(sender=None, **kwargs) -> None:
    """A worker's tasks keep their database connection as a web worker's requests do: Django's
    own end-of-request rule (CONN_MAX_AGE, a connection found broken or left mid-transaction is
    closed) runs around every task. Celery's Django fixup otherwise closes every connection
    before and after each task (CELERY_DB_REUSE_MAX in settings keeps it from doing so): a new
    PostgreSQL backend per task cost the worker more CPU than validating a 200-URL complaint.
    Eager tasks run inside the caller's transaction and are left alone."""
    if sender is None or getattr(sender.request, "is_eager", False):
        return
    from django.db import close_old_connections

    close_old_connections()
