"""A task that keeps a worker busy while tests/core/test_worker_outage.py takes the broker away
(imported by that test's worker with `--include`)."""

import time
from pathlib import Path

from celery import shared_task


@shared_task(acks_late=True, ignore_result=True)
def nap(marker: str, seconds: float) -> None:
    Path(marker).touch()
    time.sleep(seconds)
