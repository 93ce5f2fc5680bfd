"""What the settings decide about the secret key and https, from the environment.

Production is the default: a real `SECRET_KEY` is required and https is enforced. The local run
opts out explicitly with `IPP_LOCAL=1` (set by the Makefile, bin/run-local and ipp.settings_local,
which pytest and mypy load): a per-checkout key generated under var/, plain http."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

from django.core.checks.security.base import (
    SECRET_KEY_INSECURE_PREFIX,
    SECRET_KEY_MIN_LENGTH,
    SECRET_KEY_MIN_UNIQUE_CHARACTERS,
)
from django.core.exceptions import ImproperlyConfigured

# Example values from our own files (docker-compose.yml used to default to the first one).
PLACEHOLDER_MARKERS = ("change-me", "changeme", "change_me", "replace-me", "your-secret")

GENERATE_HINT = "python3 -c 'import secrets; print(secrets.token_urlsafe(50))'"


def local_secret_key(var_dir: Path) -> str:
    """Generated once per checkout and kept under var/ so sessions survive restarts."""
    path = var_dir / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


def secret_key_problem(key: str) -> str:
    """Why `key` cannot sign production sessions and tokens, or "" when it can. The length,
    variety and prefix rules are Django's own (the check behind security.W009)."""
    if not key:
        return "SECRET_KEY is not set"
    lowered = key.lower()
    if key.startswith(SECRET_KEY_INSECURE_PREFIX) or any(m in lowered for m in PLACEHOLDER_MARKERS):
        return "SECRET_KEY is a placeholder"
    if len(key) < SECRET_KEY_MIN_LENGTH or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS:
        return (
            f"SECRET_KEY is too weak (it needs at least {SECRET_KEY_MIN_LENGTH} characters, "
            f"{SECRET_KEY_MIN_UNIQUE_CHARACTERS} or more of them different)"
        )
    return ""


def secret_key(*, local: bool, var_dir: Path) -> str:
    """The environment's SECRET_KEY; in production it must be a real one. The local run falls
    back to the per-checkout key."""
    key = os.environ.get("SECRET_KEY", "")
    if local:
        return key or local_secret_key(var_dir)
    problem = secret_key_problem(key)
    if problem:
        raise ImproperlyConfigured(
            f"{problem}. Production settings need a real secret key: set SECRET_KEY to a random "
            f"value, e.g. the output of {GENERATE_HINT}. To run the portal locally over http "
            "with a key generated under var/, set IPP_LOCAL=1 instead (make run and make test do)."
        )
    return key


def proxy_ssl_header(trusted_proxies: int) -> tuple[str, str] | None:
    """SECURE_PROXY_SSL_HEADER: the header the outermost trusted proxy sets to "https".

    IPP_PROXY_SSL_HEADER names it ("" turns it off); when unset, a portal behind trusted proxies
    (IPP_TRUSTED_PROXIES > 0) reads X-Forwarded-Proto, and one without proxies reads none."""
    default = "X-Forwarded-Proto" if trusted_proxies > 0 else ""
    name = os.environ.get("IPP_PROXY_SSL_HEADER", default).strip()
    if not name:
        return None
    return "HTTP_" + name.upper().replace("-", "_"), "https"


LOCAL_SITE_URL = "http://127.0.0.1:8000"


def site_url(*, local: bool, allowed_hosts: list[str]) -> str:
    """SITE_URL: the portal's public origin (scheme://host[:port], no path), which every link in
    an email starts with (an email has no request to take a host from, and a Host header must
    never decide where a reset link points). Locally it defaults to the local run's address; in
    production to https:// and the first named host of ALLOWED_HOSTS."""
    value = os.environ.get("SITE_URL", "").strip().rstrip("/")
    if not value:
        if local:
            port = os.environ.get("PORT", "").strip()
            return f"http://127.0.0.1:{port}" if port.isdigit() else LOCAL_SITE_URL
        host = next((h for h in allowed_hosts if h and h != "*" and not h.startswith(".")), "")
        if not host:
            raise ImproperlyConfigured(
                "SITE_URL is not set and ALLOWED_HOSTS names no host to derive it from: set "
                "SITE_URL to the portal's public address, e.g. https://portal.example"
            )
        return f"https://{host}"
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.path or parts.query:
        raise ImproperlyConfigured(
            f"SITE_URL must be an origin such as https://portal.example (got {value!r})"
        )
    return value
