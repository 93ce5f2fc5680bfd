"""Shared fixtures: named actors, solved human checks, a real Celery worker, real Chromium.

With IPP_REQUIRE_SERVICES=1 (CI) a missing PostgreSQL, Redis or Chromium fails the run instead of
skipping the tests that need it."""

import base64
import contextlib
import json
import os
import shutil
import tempfile
import threading
from pathlib import Path

import altcha
import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from ipp.celery import app as celery_app
from tests.idp_server import identity_provider  # noqa: F401 - the local OIDC provider, session-wide

REQUIRE_SERVICES = os.environ.get("IPP_REQUIRE_SERVICES") == "1"
CHROMIUM = os.environ.get("IPP_CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(
    os.environ.get("IPP_TEST_ARTIFACTS", Path(__file__).parent.parent / "test-artifacts")
)


def need(condition: bool, what: str) -> None:
    """Skip locally when a service is missing; fail in CI."""
    if condition:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required (IPP_REQUIRE_SERVICES=1) but not available")
    pytest.skip(f"{what} not available")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """The SQLite test database is a file (settings): Django replaces the file but not a WAL left
    by an interrupted run, which SQLite would replay into the new database."""
    for alias in connections:
        db = connections.settings[alias]
        if db["ENGINE"] == "django.db.backends.sqlite3" and db.get("TEST", {}).get("NAME"):
            for suffix in ("-wal", "-shm", "-journal"):
                Path(f"{db['TEST']['NAME']}{suffix}").unlink(missing_ok=True)


# --- the transition walk (tests/audit_walk.py) ---------------------------------------------------
@pytest.fixture(scope="session", autouse=True)
def _note_audit_rows():
    from tests import audit_walk

    audit_walk.install()


def pytest_sessionfinish(session, exitstatus):
    """With the whole suite run, every declared move must have written an audit row."""
    from tests import audit_walk

    whole = not session.config.option.keyword and not session.config.option.markexpr
    whole = whole and session.testscollected > 700 and not session.config.option.deselect
    if not (whole or os.environ.get("IPP_AUDIT_WALK") == "1") or exitstatus != 0:
        return
    missing = audit_walk.missing_moves()
    if missing:
        print("\nTransition walk: declared moves that never wrote an audit row:")
        print("\n".join(f"  {m}" for m in missing))
        session.exitstatus = 1


def set_celery(**values) -> None:
    """Change Celery settings for a test. The app reads Django's CELERY_* settings; on Celery 5.6
    a lower-case key set on `conf` does not override a CELERY_ one, so both are set."""
    for key, value in values.items():
        celery_app.conf[key] = value
        celery_app.conf[f"CELERY_{key.upper()}"] = value


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test: eager Celery, an empty cache (rate limits), private files in a temp folder,
    and the outbox's broker breaker closed (a broker-outage test leaves it open for 15 s in this
    process, which held back the next worker test's emails)."""
    from core import outbox

    set_celery(task_always_eager=True, task_eager_propagates=True)
    outbox._broker_down_until = 0.0
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": "/nonexistent-private/"},
        },
    }
    _clear_cache()
    yield
    _clear_cache()


def _clear_cache() -> None:
    # The database cache cannot be cleared in a test without database access; nothing to do.
    with contextlib.suppress(RuntimeError):
        cache.clear()


def solve_altcha() -> str:
    """A genuine proof-of-work solution, exactly what the widget posts."""
    from django_altcha import get_altcha_challenge

    challenge = get_altcha_challenge(max_number=50_000)
    solution = altcha.solve_challenge(challenge)
    payload = {
        "algorithm": challenge.algorithm,
        "challenge": challenge.challenge,
        "number": solution.number,
        "salt": challenge.salt,
        "signature": challenge.signature,
    }
    return base64.b64encode(json.dumps(payload).encode()).decode()


@pytest.fixture
def altcha_payload():
    return solve_altcha


# --- the second factor in tests ----------------------------------------------------------------
TEST_SESSION_DEVICE = "test session"


def verified_device(user):
    """A confirmed device that only marks test sessions verified (named apart from the recovery
    codes, so a user's second-factor status does not change)."""
    from django_otp.plugins.otp_static.models import StaticDevice

    device, _created = StaticDevice.objects.get_or_create(user=user, name=TEST_SESSION_DEVICE)
    return device


@pytest.fixture(scope="session", autouse=True)
def _force_login_passes_the_second_factor():
    """Tests sign people in with `force_login` (and the e2e helpers through it), which skips the
    portal's sign-in. A real staff session (or that of anyone who turned the second factor on)
    has passed the second factor, so such a session is marked verified the way django-otp's
    `login` marks it. `force_login(user, otp_verified=False)` gives the session of someone who
    has only typed the password."""
    from django.test.client import ClientMixin
    from django_otp import DEVICE_ID_SESSION_KEY

    from accounts.services.second_factor import second_factor_needed

    original = ClientMixin.force_login

    def force_login(self, user, backend=None, *, otp_verified=True):
        original(self, user, backend)
        if otp_verified and second_factor_needed(user):
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = verified_device(user).persistent_id
            session.save()

    ClientMixin.force_login = force_login
    yield
    ClientMixin.force_login = original


# --- actors ------------------------------------------------------------------------------------
PASSWORD = "Correct-horse-42!"


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def rights_owner(db):
    from tests.factories import UserFactory

    return UserFactory(email="owner@example.com", contact_email="legal@example.com")


@pytest.fixture
def outsider(db):
    from tests.factories import UserFactory

    return UserFactory(email="outsider@example.com")


@pytest.fixture
def reviewer(db):
    from tests.factories import UserFactory

    return UserFactory(email="reviewer@example.com", reviewer=True)


@pytest.fixture
def seller(db):
    from tests.factories import UserFactory

    return UserFactory(email="seller@example.com", seller=True)


# --- real Celery worker ------------------------------------------------------------------------
def _broker_reachable(url: str) -> bool:
    from kombu import Connection

    try:
        with Connection(url, connect_timeout=2) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:  # noqa: BLE001
        return False


def _drop_producer_pool() -> None:
    """A producer pool made before the broker URL changed (the local run's filesystem broker)
    would keep publishing where no worker listens."""
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


def _filesystem_broker(folder: Path) -> dict[str, object]:
    """Transport options of a private filesystem broker (the local run's, in a temp folder)."""
    for sub in ("queue", "processed", "control"):
        (folder / sub).mkdir(parents=True, exist_ok=True)
    return {
        "data_folder_in": str(folder / "queue"),
        "data_folder_out": str(folder / "queue"),
        "processed_folder": str(folder / "processed"),
        "control_folder": str(folder / "control"),
        "store_processed": False,
        "polling_interval": 0.1,
    }


WORKER_THREADS = 2


def _close_worker_connections(pool) -> None:
    """The worker's threads keep their database connections between tasks, as a real worker's
    processes do (ipp/celery.py), and its thread pool outlives the worker: each thread closes
    its own before the test ends, or the test database could not be dropped. Each takes one job
    (they wait for each other)."""
    barrier = threading.Barrier(WORKER_THREADS)

    def close() -> None:
        barrier.wait(10)
        connections.close_all()

    for job in [pool.executor.submit(close) for _ in range(WORKER_THREADS)]:
        job.result(20)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker in this process (so that tasks run against the test database) on the
    configured broker: Redis in CI, else a private filesystem broker in a temp folder, exactly as
    a new user runs it. Eager mode is off while it runs."""
    from celery.contrib.testing.worker import start_worker

    conf = celery_app.conf
    saved = (conf.broker_url, conf.broker_transport_options)
    url = os.environ.get("IPP_TEST_BROKER_URL") or settings.CELERY_BROKER_URL
    with tempfile.TemporaryDirectory(prefix="ipp-broker-") as folder:
        if url.startswith("filesystem://"):
            set_celery(broker_transport_options=_filesystem_broker(Path(folder)))
        else:
            need(_broker_reachable(url), f"Celery broker {url}")
        set_celery(broker_url=url)
        _drop_producer_pool()
        set_celery(task_always_eager=False)
        try:
            if not url.startswith("filesystem://"):
                with contextlib.suppress(Exception), celery_app.connection_for_write() as conn:
                    conn.default_channel.queue_purge("celery")
            with start_worker(
                celery_app,
                pool="threads",
                concurrency=WORKER_THREADS,
                perform_ping_check=False,
                shutdown_timeout=20,
                loglevel="WARNING",
            ) as worker:
                yield
                _close_worker_connections(worker.pool)
        finally:
            set_celery(
                task_always_eager=True, broker_url=saved[0], broker_transport_options=saved[1]
            )
            _drop_producer_pool()


# --- real Chromium -----------------------------------------------------------------------------
@pytest.fixture(scope="session")
def browser_type_launch_args():
    need(shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists(), f"Chromium at {CHROMIUM}")
    return {
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def shot(request):
    """Save a full-page screenshot under test-artifacts/<test name>/NN-name.png."""
    folder = ARTIFACTS / request.node.name
    folder.mkdir(parents=True, exist_ok=True)
    counter = {"n": 0}

    def take(page, name: str) -> Path:
        counter["n"] += 1
        path = folder / f"{counter['n']:02d}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
