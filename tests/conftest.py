"""Shared fixtures: named actors, solved human checks, a real Celery worker, real Chromium.

With IPP_REQUIRE_SERVICES=1 (CI) a missing PostgreSQL, Redis or Chromium fails the run instead of
skipping the tests that need it."""

import base64
import contextlib
import json
import os
import shutil
from pathlib import Path

import altcha
import pytest
from django.conf import settings
from django.core.cache import cache

from ipp.celery import app as celery_app

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


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    """Each test: eager Celery, an empty cache (rate limits), private files in a temp folder."""
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
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


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker consuming from the configured broker (Redis in CI) in this process,
    so that tasks run against the test database. Eager mode is off while it runs."""
    from celery.contrib.testing.worker import start_worker

    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem://"):
        url = os.environ.get("IPP_TEST_BROKER_URL", "redis://127.0.0.1:6379/14")
    need(_broker_reachable(url), f"Celery broker {url}")
    if celery_app.conf.broker_url != url:
        celery_app.conf.broker_url = url
        _drop_producer_pool()
    celery_app.conf.task_always_eager = False
    try:
        with celery_app.connection_for_write() as conn:
            conn.default_channel.queue_purge("celery")
    except Exception:  # noqa: BLE001 - nothing to purge yet
        pass
    with start_worker(
        celery_app,
        pool="threads",
        concurrency=2,
        perform_ping_check=False,
        shutdown_timeout=20,
        loglevel="WARNING",
    ):
        yield
    celery_app.conf.task_always_eager = True


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
