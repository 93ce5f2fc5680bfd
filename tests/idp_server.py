"""The local OpenID Connect provider (idp/) as a real server for tests: started once per test
session on a free port with its own database and keys in a temp folder, stopped by its pid at
the end. `MarketplaceMember` plays a person at the provider's pages over HTTP (sign in, allow or
cancel), so relying-party tests run the whole authorization code flow."""

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

ROOT = Path(__file__).resolve().parent.parent
MEMBER_PASSWORD = "Demo-pass-2026!"
START_FIGURE = ROOT / "test-artifacts" / "identity-provider-start.txt"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class IdentityProvider:
    base_url: str
    var_dir: Path
    start_seconds: float

    def discovery_url(self, realm: str) -> str:
        return f"{self.base_url}/{realm}/o/.well-known/openid-configuration"

    def issuer(self, realm: str) -> str:
        return f"{self.base_url}/{realm}/o"

    def manage(self, *args: str) -> str:
        env = {**os.environ, "IDP_VAR_DIR": str(self.var_dir)}
        env["DJANGO_SETTINGS_MODULE"] = "idp.settings"
        return subprocess.run(
            [sys.executable, "idp/manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()

    def rotate_key(self, *, unpublished: bool = False, retire_old: bool = False) -> str:
        args = ["idp_keys", "rotate"]
        if unpublished:
            args.append("--unpublished")
        if retire_old:
            args.append("--retire-old")
        return self.manage(*args)

    def published_kids(self, realm: str) -> list[str]:
        keys = requests.get(f"{self.issuer(realm)}/.well-known/jwks.json", timeout=10).json()
        return [k["kid"] for k in keys["keys"]]

    def portal_settings(self) -> dict[str, dict[str, str]]:
        return {
            realm: {
                "discovery_url": self.discovery_url(realm),
                "client_id": f"ipp-portal-{realm}",
                "client_secret": f"ipp-local-{realm}-secret",
                "issuer": "",
            }
            for realm in ("taobao", "aliexpress", "alibaba")
        }


@pytest.fixture(scope="session")
def identity_provider():
    """A real OpenID Connect provider (django-oauth-toolkit) in a subprocess: three issuers."""
    port = free_port()
    folder = Path(tempfile.mkdtemp(prefix="ipp-idp-"))
    env = {
        **os.environ,
        "IDP_VAR_DIR": str(folder),
        "IDP_PORT": str(port),
        "PYTHON": sys.executable,
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(folder / "server.log", "w")  # noqa: SIM115 - open for the server's lifetime
    started = time.monotonic()
    process = subprocess.Popen(
        [str(ROOT / "bin" / "run-idp")],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process, folder)
        seconds = time.monotonic() - started
        START_FIGURE.parent.mkdir(parents=True, exist_ok=True)
        START_FIGURE.write_text(f"local identity provider ready in {seconds:.2f} s\n")
        yield IdentityProvider(base_url=base, var_dir=folder, start_seconds=seconds)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def _wait_until_up(base: str, process: subprocess.Popen, folder: Path) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("identity provider exited:\n" + (folder / "server.log").read_text())
        with contextlib.suppress(requests.RequestException):
            if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("identity provider did not start:\n" + (folder / "server.log").read_text())


class _Form(HTMLParser):
    """The hidden inputs of the provider's consent form."""

    def __init__(self):
        super().__init__()
        self.fields: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "input" and values.get("type") == "hidden" and values.get("name"):
            self.fields[values["name"]] = values.get("value") or ""


class MarketplaceMember:
    """A person at the provider's pages: signs in (unless already signed in there) and allows
    or cancels. Returns where the provider sends the browser back (the portal's callback)."""

    def __init__(self, username: str, password: str = MEMBER_PASSWORD):
        self.username = username
        self.password = password
        self.http = requests.Session()

    def authorize(self, authorize_url: str, *, allow: bool = True) -> str:
        page = self.http.get(authorize_url, allow_redirects=False, timeout=10)
        if page.status_code == 302 and "/login/" in page.headers["Location"]:
            login_url = urljoin(authorize_url, page.headers["Location"])
            self.http.get(login_url, timeout=10)
            next_url = re.search(r"next=([^&]+)", login_url)
            from urllib.parse import unquote

            signed = self.http.post(
                login_url,
                data={
                    "username": self.username,
                    "password": self.password,
                    "csrfmiddlewaretoken": self.http.cookies["idp_csrftoken"],
                    "next": unquote(next_url.group(1)) if next_url else "",
                },
                allow_redirects=False,
                timeout=10,
            )
            assert signed.status_code == 302, signed.text[:500]
            page = self.http.get(
                urljoin(login_url, signed.headers["Location"]), allow_redirects=False, timeout=10
            )
        if page.status_code == 302:  # an error sent straight back to the relying party
            return page.headers["Location"]
        assert page.status_code == 200, page.text[:500]
        form = _Form()
        form.feed(page.text)
        data = dict(form.fields)
        if allow:
            data["allow"] = "Allow"
        answer = self.http.post(page.url, data=data, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"]
