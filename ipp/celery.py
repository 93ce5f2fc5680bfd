import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ipp.settings")

app = Celery("ipp")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
