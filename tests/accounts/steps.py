"""Steps the account tests repeat: reading codes and links out of the mail outbox, filling the
registration form, and reading back what a re-rendered form shows."""

import html
import re
from html.parser import HTMLParser

from django.core import mail

CODE_RE = re.compile(r"\b(\d{6})\b")


def emails_to(address: str) -> list:
    address = address.lower()
    return [m for m in mail.outbox if address in (a.lower() for a in m.to)]


def last_code(address: str, *, subject_contains: str = "") -> str:
    """The 6-digit code in the newest email to `address` (optionally of one kind)."""
    messages = [m for m in emails_to(address) if subject_contains in m.subject]
    assert messages, f"no email to {address} ({subject_contains!r}) in {mail.outbox!r}"
    match = CODE_RE.search(messages[-1].body)
    assert match, messages[-1].body
    return match.group(1)


def wrong_code(code: str) -> str:
    """A well-formed code that is certainly not `code`."""
    return f"{(int(code) + 1) % 1_000_000:06d}"


def registration_form(human_check: str, **overrides) -> dict:
    data = {
        "location": "DE",
        "identity_kind": "business",
        "registrant_category": "agent",
        "email": "new.owner@example.com",
        "human_check": human_check,
        "agree": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


class _FormState(HTMLParser):
    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "select":
            self._select = a.get("name")
        elif tag == "option" and self._select and "selected" in a:
            self.values[self._select] = a.get("value", "")
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            if kind in ("radio", "checkbox"):
                if "checked" in a:
                    self.values[a["name"]] = a.get("value", "on")
            elif kind not in ("hidden", "password", "submit"):
                self.values[a["name"]] = a.get("value", "")

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_values(page: str) -> dict[str, str]:
    """What the page's form shows as filled in: text values, selected options, checked boxes
    (not the header's language switch)."""
    parser = _FormState()
    parser.feed(re.sub(r'<form[^>]*id="language-switch".*?</form>', "", page, flags=re.S))
    return parser.values


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", fragment))).strip()


def field_errors(page: str) -> list[str]:
    """The per-field error lines a form shows, as the reader sees them."""
    return [_text(e) for e in re.findall(r'<p class="error"[^>]*>(.*?)</p>', page, re.S)]


def alerts(page: str) -> list[str]:
    """The page's message banners (errors, successes, the unusual-activity notice)."""
    return [_text(a) for a in re.findall(r'<div class="alert [^"]*"[^>]*>(.*?)</div>', page, re.S)]
