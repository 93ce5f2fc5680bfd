"""Production settings are secure by default; the local run opts out explicitly (IPP_LOCAL=1).

Each check runs the real settings in a new process with exactly the environment it names."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.core import mail

from ipp.security import proxy_ssl_header

ROOT = Path(__file__).resolve().parents[2]
COMPOSE_PLACEHOLDER = "change-me-in-production"  # docker-compose.yml's old default


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", "/root")}
    return subprocess.run(  # noqa: S603 - our interpreter, our manage.py
        [sys.executable, *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
    )


def _deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    return _run(env, "manage.py", "check", "--deploy", "--fail-level", "WARNING")


def _production(**extra: str) -> dict[str, str]:
    key = secrets.token_urlsafe(50)
    return {"DEBUG": "0", "SECRET_KEY": key, "ALLOWED_HOSTS": "portal.example", **extra}


SHOW = ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE"]
SHOW += ["SECURE_HSTS_SECONDS", "SECURE_PROXY_SSL_HEADER", "SECRET_KEY", "SITE_URL"]
SHOW_SCRIPT = (
    "import json, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'ipp.settings');"
    "from django.conf import settings;"
    f"print(json.dumps({{n: getattr(settings, n) for n in {SHOW!r}}}))"
)


def _settings(env: dict[str, str]) -> dict:
    done = _run(env, "-c", SHOW_SCRIPT)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- production -------------------------------------------------------------------------------
def test_deploy_check_passes_with_only_debug_secret_key_and_allowed_hosts():
    done = _deploy_check(_production())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stdout + done.stderr
    assert "System check identified no issues (0 silenced)." in done.stdout


def test_production_settings_enforce_https():
    shown = _settings(_production())
    assert shown["SECURE_SSL_REDIRECT"] is True
    assert shown["SESSION_COOKIE_SECURE"] is shown["CSRF_COOKIE_SECURE"] is True
    assert shown["SECURE_HSTS_SECONDS"] >= 31536000
    assert shown["SECURE_PROXY_SSL_HEADER"] is None  # no proxy: nobody may claim https


def test_behind_trusted_proxies_the_outermost_proxys_forwarded_proto_says_https():
    shown = _settings(_production(IPP_TRUSTED_PROXIES="1"))
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    shown = _settings(_production(IPP_TRUSTED_PROXIES="1", IPP_PROXY_SSL_HEADER="X-Scheme"))
    assert shown["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_SCHEME", "https"]


@pytest.mark.parametrize(
    ("key", "message"),
    [
        (None, "SECRET_KEY is not set"),
        ("", "SECRET_KEY is not set"),
        (COMPOSE_PLACEHOLDER, "SECRET_KEY is a placeholder"),
        ("change-me-" * 6, "SECRET_KEY is a placeholder"),
        ("django-insecure-" + secrets.token_urlsafe(50), "SECRET_KEY is a placeholder"),
        (secrets.token_urlsafe(30), "SECRET_KEY is too weak"),
        ("abcd" * 20, "SECRET_KEY is too weak"),
    ],
)
def test_production_settings_refuse_to_start_without_a_real_secret_key(key, message):
    env = _production()
    if key is None:
        del env["SECRET_KEY"]
    else:
        env["SECRET_KEY"] = key
    done = _deploy_check(env)
    assert done.returncode != 0
    assert f"ImproperlyConfigured: {message}" in done.stderr
    assert "IPP_LOCAL=1" in done.stderr  # the way out for a local run


def test_manage_py_in_a_bare_checkout_is_the_local_run(tmp_path):
    """A developer's `manage.py makemigrations --check` needs no environment; naming a host or a
    key makes it production's, which refuses a missing key."""
    local = _run({"IPP_VAR_DIR": str(tmp_path)}, "manage.py", "check")
    assert local.returncode == 0, local.stderr
    assert (tmp_path / "secret_key").exists()
    production = _run({"ALLOWED_HOSTS": "portal.example"}, "manage.py", "check")
    assert production.returncode != 0 and "SECRET_KEY is not set" in production.stderr


def test_docker_compose_requires_a_secret_key():
    """The compose file carries no key of its own: the operator's SECRET_KEY or an empty one,
    which production settings refuse (so `docker-compose config -q` stays valid without it)."""
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["x-app"]["environment"]["SECRET_KEY"] == "${SECRET_KEY:-}"
    refused = _deploy_check({"DEBUG": "0", "SECRET_KEY": "", "ALLOWED_HOSTS": "portal.example"})
    assert refused.returncode != 0 and "SECRET_KEY" in refused.stderr


# --- the explicit local run ----------------------------------------------------------------------
def test_the_local_run_needs_no_environment_and_keeps_http(tmp_path):
    env = {"IPP_LOCAL": "1", "IPP_VAR_DIR": str(tmp_path)}
    done = _run(env, "manage.py", "check")
    assert done.returncode == 0, done.stderr
    shown = _settings(env)
    assert shown["SECRET_KEY"] == (tmp_path / "secret_key").read_text().strip()
    assert len(shown["SECRET_KEY"]) >= 50
    assert shown["SECURE_SSL_REDIRECT"] is shown["SESSION_COOKIE_SECURE"] is False
    assert shown["SECURE_HSTS_SECONDS"] == 0


# --- absolute links ---------------------------------------------------------------------------
def test_site_url_is_https_on_the_first_allowed_host_in_production_unless_set():
    assert _settings(_production())["SITE_URL"] == "https://portal.example"
    chosen = _settings(_production(SITE_URL="https://ipp.example.org/"))
    assert chosen["SITE_URL"] == "https://ipp.example.org"


def test_a_site_url_that_is_not_an_origin_is_refused():
    done = _run(_production(SITE_URL="portal.example/path"), "manage.py", "check")
    assert done.returncode != 0 and "SITE_URL must be an origin" in done.stderr


def test_the_local_run_links_to_its_own_address(tmp_path):
    env = {"IPP_LOCAL": "1", "IPP_VAR_DIR": str(tmp_path)}
    assert _settings(env)["SITE_URL"] == "http://127.0.0.1:8000"
    assert _settings({**env, "PORT": "9000"})["SITE_URL"] == "http://127.0.0.1:9000"


@pytest.mark.django_db
def test_the_reset_link_is_on_site_url_whatever_host_the_request_names(
    settings, client, rights_owner, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://portal.example"
    settings.IPP_TRUSTED_PROXIES = 1
    settings.SECURE_PROXY_SSL_HEADER = proxy_ssl_header(1)
    settings.ALLOWED_HOSTS = ["portal.example", "other.example"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/account/password-reset/",
            {"email": rights_owner.email},
            HTTP_HOST="other.example",
            HTTP_X_FORWARDED_FOR="203.0.113.7",
        )
    [message] = mail.outbox
    assert "https://portal.example/account/reset/" in message.body
    assert "other.example" not in message.body


@pytest.mark.django_db
def test_with_the_https_redirect_on_only_health_probes_answer_plain_http(settings, client):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/login/")["Location"] == "https://testserver/login/"
    assert client.get("/healthz").status_code in {200, 503}
