"""Notifications and IPR Management (pages and API) cost the same whatever the number of rows;
the bell stops counting at 99; a server database keeps its connections."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Notification
from tests.ipr.conftest import IPRFactory

ROOT = Path(__file__).resolve().parents[2]


def notices(user, n: int, *, read: bool = False) -> None:
    Notification.objects.bulk_create(
        [
            Notification(
                user=user,
                kind="complaint_validated",
                title=f"Complaint {i} checked",
                link=f"/complaints/{i}/",
                read_at=timezone.now() if read else None,
            )
            for i in range(n)
        ]
    )


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "grow"),
    [
        ("/notifications/", "notices"),
        ("/api/v1/notifications/", "notices"),
        ("/api/v1/notifications/?unread=1", "notices"),
        ("/ipr/", "iprs"),
        ("/api/v1/iprs/", "iprs"),
    ],
)
def test_list_queries_do_not_grow_with_rows(client, rights_owner, url, grow):
    def add(n: int) -> None:
        if grow == "notices":
            notices(rights_owner, n)
        else:
            for _ in range(n):
                IPRFactory(owner=rights_owner, authenticated=True)

    add(1)
    client.force_login(rights_owner)
    queries(client, url)
    one = queries(client, url)
    add(30)
    assert queries(client, url) == one


@pytest.mark.django_db
def test_the_bell_counts_up_to_99_then_says_99_plus(client, rights_owner):
    notices(rights_owner, 5, read=True)
    notices(rights_owner, 99)
    client.force_login(rights_owner)
    assert 'class="badge">99<' in client.get("/notifications/").content.decode()
    notices(rights_owner, 30)
    assert 'class="badge">99+<' in client.get("/notifications/").content.decode()


def _database_settings(url: str) -> dict:
    script = (
        "import json, django; django.setup(); from django.conf import settings; "
        "d = settings.DATABASES['default']; "
        "print(json.dumps([d['CONN_MAX_AGE'], d.get('CONN_HEALTH_CHECKS', False)]))"
    )
    env = {
        "PATH": os.environ["PATH"],
        "HOME": os.environ.get("HOME", "/root"),
        "IPP_LOCAL": "1",
        "DJANGO_SETTINGS_MODULE": "ipp.settings",
        "DATABASE_URL": url,
        "IPP_VAR_DIR": os.environ.get("IPP_VAR_DIR", str(ROOT / "var")),
    }
    done = subprocess.run(  # noqa: S603 - our interpreter
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_server_database_keeps_connections_and_sqlite_opens_one_per_request(tmp_path):
    assert _database_settings("postgres://u@db.example:5432/ipp") == [60, True]
    assert _database_settings(f"sqlite:///{tmp_path / 'x.sqlite3'}") == [0, False]
