"""A real worker rides out a broker outage: its own redis-server, a worker process busy with an
acknowledged-late task, the broker stopped for some seconds and started again; the worker must
still be alive and run new work (an outbox message, observed in the database)."""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from celery import Celery
from django.conf import settings
from django.db import connection
from django.utils import timezone

from core.models import OutboxMessage
from tests.conftest import need

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server")
OUTAGE_SECONDS = 9


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for(check: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


class Redis:
    """A private redis-server without persistence: a restart starts empty, like a lost broker."""

    def __init__(self, port: int, folder: Path) -> None:
        self.port, self.folder, self.process = port, folder, None

    def start(self) -> None:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.folder)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
        _wait_for(self._answers, 10, f"redis-server on port {self.port}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False


def _database_url() -> str:
    """The test database, as the worker process must reach it."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def redis(tmp_path) -> Iterator[Redis]:
    need(REDIS_SERVER is not None, "redis-server binary")
    server = Redis(_free_port(), tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def worker(redis, tmp_path) -> Iterator[subprocess.Popen]:
    log = tmp_path / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ipp.settings",
        "CELERY_BROKER_URL": f"redis://127.0.0.1:{redis.port}/0",
        "DATABASE_URL": _database_url(),
        "IPP_VAR_DIR": str(tmp_path / "var"),
        "SECRET_KEY": settings.SECRET_KEY,
    }
    command = [sys.executable, "-m", "celery", "-A", "ipp", "worker", "--loglevel=INFO"]
    command += ["--concurrency=2", "--include=tests.core.outage_tasks"]
    with log.open("w") as out:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    _wait_for(lambda: " ready." in log.read_text() or process.poll() is not None, 40, "worker")
    assert process.poll() is None, f"the worker did not start:\n{log.read_text()[-4000:]}"
    yield process
    # The worker and its pool processes (its own session), so none outlives the test database.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=15)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    # Shown by pytest when the test fails: the first fatal error, then the end of the log.
    text = log.read_text()
    print(*[line for line in text.splitlines() if "CRITICAL" in line][:3], text[-3000:], sep="\n")


def test_worker_survives_a_broker_outage_during_a_task_and_runs_new_work(redis, worker, tmp_path):
    url = f"redis://127.0.0.1:{redis.port}/0"
    producer = Celery("outage-probe", broker=url)
    # Celery prefers a CELERY_BROKER_URL from the environment (CI sets one) over `broker`; the
    # write URL is what publishing uses.
    producer.conf.broker_write_url = url
    started = tmp_path / "nap-started"
    try:
        producer.send_task("tests.core.outage_tasks.nap", args=[str(started), 20])
        _wait_for(started.exists, 20, "the worker to start the long task")

        redis.stop()
        time.sleep(OUTAGE_SECONDS)
        assert worker.poll() is None, "the worker exited while the broker was down"
        redis.start()

        message = OutboxMessage.objects.create(task="core.tasks.purge_outbox", kwargs={})
        producer.send_task("core.tasks.run_outbox_message", args=[message.pk])
        done = OutboxMessage.objects.filter(pk=message.pk, completed_at__isnull=False)
        _wait_for(done.exists, 40, "the worker to run an outbox message after the broker returned")
        assert worker.poll() is None
        assert OutboxMessage.objects.get(pk=message.pk).completed_at <= timezone.now()
    finally:
        producer.close()
