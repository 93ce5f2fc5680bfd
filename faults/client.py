"""The portal as its API clients see it: plain HTTP to 127.0.0.1 (standard library only), the
sign-in with the emailed unlock code, and the mail files the filebased backend writes."""

import email
import email.policy
import http.client
import json
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

PASSWORD = "Demo-pass-2026!"
UNLOCK_SUBJECT = re.compile(r"unlock code is (\d{6})")
VALIDATED_SUBJECT = re.compile(
    r"^Complaint #(\d+): (?:no URL could be filed|\d+ of \d+ URLs filed)$"
)


@dataclass
class Answer:
    status: int | None  # None: no answer at all (refused, reset, timed out)
    headers: dict = field(default_factory=dict)
    body: bytes = b""
    error: str = ""
    seconds: float = 0.0

    def json(self):
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None

    @property
    def kind(self) -> str:
        """2xx, 4xx, '503 clear' (JSON service_unavailable for the API or the 503 page, with
        Retry-After), or '5xx' (any other 5xx, and no answer at all)."""
        if self.status is None or self.status >= 500:
            if self.status == 503 and "retry-after" in self.headers:
                return "503 clear"
            return "5xx"
        return f"{self.status // 100}xx"


class Http:
    def __init__(self, port: int, timeout: float = 30):
        self.port, self.timeout = port, timeout

    def call(self, method: str, path: str, *, body=None, headers=None, form=False) -> Answer:
        headers = dict(headers or {})
        data = None
        if body is not None:
            if form:
                data = urlencode(body).encode()
                headers["Content-Type"] = "application/x-www-form-urlencoded"
            else:
                data = json.dumps(body).encode()
                headers["Content-Type"] = "application/json"
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            conn.request(method, path, body=data, headers=headers)
            resp = conn.getresponse()
            payload = resp.read()
            hdrs = {k.lower(): v for k, v in resp.getheaders()}
            hdrs["set-cookie-all"] = resp.headers.get_all("Set-Cookie") or []
            return Answer(resp.status, hdrs, payload, seconds=time.monotonic() - started)
        except (OSError, http.client.HTTPException) as exc:
            return Answer(
                None, error=f"{exc.__class__.__name__}: {exc}", seconds=time.monotonic() - started
            )
        finally:
            conn.close()


def read_mails(mail_dir: Path) -> list[email.message.EmailMessage]:
    """Every message in the filebased backend's files (one file per connection, messages
    separated by a line of 79 dashes)."""
    messages = []
    if not mail_dir.exists():
        return messages
    for path in sorted(mail_dir.glob("*.log")):
        raw = path.read_bytes()
        for chunk in raw.split(b"\n" + b"-" * 79 + b"\n"):
            if chunk.strip():
                messages.append(
                    email.message_from_bytes(chunk.lstrip(), policy=email.policy.default)
                )
    return messages


def unlock_code(mail_dir: Path, address: str, seen: set[str]) -> str | None:
    for message in read_mails(mail_dir):
        match = UNLOCK_SUBJECT.search(str(message.get("Subject", "")))
        if match and address in str(message.get("To", "")) and match.group(1) not in seen:
            return match.group(1)
    return None


def validated_mail_counts(mail_dir: Path) -> Counter:
    """Complaint id -> how many "complaint validated" emails were sent for it."""
    counts: Counter = Counter()
    for message in read_mails(mail_dir):
        match = VALIDATED_SUBJECT.match(str(message.get("Subject", "")).strip())
        if match:
            counts[int(match.group(1))] += 1
    return counts


@dataclass
class Owner:
    email: str
    token: str = ""
    device_token: str = ""
    ipr: int = 0
    cookies: dict = field(default_factory=dict)

    @property
    def auth(self) -> dict:
        return {"Authorization": f"Token {self.token}"}


def sign_in(web: Http, mail_dir: Path, owner: Owner, timeout: float = 60) -> None:
    """API login; the unknown device locks the account and the unlock code arrives by email
    (sent by the worker through the outbox); unlocking returns the token and a device token."""
    answer = web.call(
        "POST",
        "/api/v1/auth/login/",
        body={"email": owner.email, "password": PASSWORD, "device_token": owner.device_token},
    )
    if answer.status == 200:
        owner.token = answer.json()["token"]
        owner.ipr = _ipr(web, owner)
        return
    data = answer.json() or {}
    if answer.status != 403 or data.get("code") != "unusual_activity":
        raise RuntimeError(f"login {owner.email}: {answer.status} {answer.body[:300]!r}")
    deadline = time.monotonic() + timeout
    code = None
    while code is None and time.monotonic() < deadline:
        time.sleep(0.5)
        code = unlock_code(mail_dir, owner.email, set())
    if code is None:
        raise RuntimeError(f"no unlock code emailed to {owner.email} within {timeout}s")
    answer = web.call(
        "POST", "/api/v1/auth/unlock/", body={"unlock_ticket": data["unlock_ticket"], "code": code}
    )
    if answer.status != 200:
        raise RuntimeError(f"unlock {owner.email}: {answer.status} {answer.body[:300]!r}")
    owner.token = answer.json()["token"]
    owner.device_token = answer.json().get("device_token", "")
    owner.ipr = _ipr(web, owner)


def _ipr(web: Http, owner: Owner) -> int:
    options = web.call("GET", "/api/v1/complaints/options/", headers=owner.auth).json()
    if not options or not options.get("iprs"):
        raise RuntimeError(f"{owner.email} cannot file: {options}")
    return options["iprs"][0]["id"]


def _cookies(answer: Answer) -> dict:
    jar = {}
    for line in answer.headers.get("set-cookie-all", []):
        name, _, rest = line.partition("=")
        jar[name.strip()] = rest.split(";", 1)[0]
    return jar


def web_session(web: Http, owner: Owner) -> bool:
    """A browser session (for page GETs), from the device the API unlock trusted."""
    page = web.call("GET", "/login/")
    jar = {"ipp_device": owner.device_token, **_cookies(page)}
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.body)
    if not token:
        return False
    answer = web.call(
        "POST",
        "/login/",
        form=True,
        body={
            "csrfmiddlewaretoken": token.group(1).decode(),
            "email": owner.email,
            "password": PASSWORD,
        },
        headers={
            "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
            "Referer": f"http://127.0.0.1:{web.port}/login/",
        },
    )
    jar.update(_cookies(answer))
    owner.cookies = jar
    return answer.status == 302 and "sessionid" in jar


def cookie_header(owner: Owner) -> dict:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in owner.cookies.items())}
