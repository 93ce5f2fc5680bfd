"""Checks on the translation catalogue and on templates, shared by bin/translations.py and the
catalogue completeness test (tests/core/test_translations.py). Standard library only: reading
the .po files themselves (polib) is the callers' business.
"""

from __future__ import annotations

import re
from collections import Counter
from html.parser import HTMLParser

# %(name)s, %(count)d, %s, %d, %%; {name}, {0}, {}; HTML tags with their attributes.
_PERCENT = re.compile(r"%(?:\([^)]+\))?[#0 +-]*\d*(?:\.\d+)?[sdifrxXeEgGc%]")
_BRACE = re.compile(r"\{[A-Za-z0-9_.]*\}")
_TAG = re.compile(r"</?[A-Za-z][^<>]*>")


def placeholders(text: str) -> Counter[str]:
    """What a translation must carry over unchanged: format placeholders and HTML tags."""
    return Counter(_PERCENT.findall(text) + _BRACE.findall(text) + _TAG.findall(text))


def placeholder_mismatch(msgid: str, msgstr: str) -> str | None:
    """A description of what differs between the two, or None when they carry the same."""
    want, got = placeholders(msgid), placeholders(msgstr)
    if want == got:
        return None
    missing = sorted((want - got).elements())
    extra = sorted((got - want).elements())
    return f"missing {missing}, extra {extra}"


# Words a page may show untranslated: brand and marketplace names, standard abbreviations.
ALLOWED_TEXT = frozenset(
    {
        "IPP",
        "IPP Portal",
        "Taobao",
        "Tmall",
        "Tmall HK",
        "1688",
        "Alibaba.com",
        "AliExpress",
        "Lazada",
        "DMCA",
        "ALTCHA",
        "OpenAPI",
        "API",
        "CSV",
        "PDF",
        "JSON",
        "URL",
        "ID",
        "QR",
        "TOTP",
        "UTC",
        "IMG",
        "px",
    }
)
_ALLOWED = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(re.escape(t) for t in sorted(ALLOWED_TEXT, key=len, reverse=True))
    + r")(?![A-Za-z])"
)

# Template syntax that is not page text: comments, whole translation blocks, variables, tags.
_TEMPLATE_CODE = re.compile(
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}"
    r"|{#.*?#}"
    r"|{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|{{.*?}}"
    r"|{%.*?%}",
    re.DOTALL,
)
_LETTERS = re.compile(r"[A-Za-z]{2,}")
_TEXT_ATTRIBUTES = frozenset({"title", "placeholder", "alt", "aria-label", "label"})
_SKIPPED_ELEMENTS = frozenset({"script", "style", "pre", "code"})
_BUTTONS = frozenset({"submit", "button", "reset"})


class _TextFinder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skipping: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_ELEMENTS:
            self._skipping.append(tag)
        button = tag == "input" and dict(attrs).get("type") in _BUTTONS
        for name, value in attrs:
            if value and (name in _TEXT_ATTRIBUTES or (button and name == "value")):
                self._note(value)

    def handle_endtag(self, tag: str) -> None:
        if self._skipping and self._skipping[-1] == tag:
            self._skipping.pop()

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self._note(data)

    def _note(self, text: str) -> None:
        text = " ".join(text.split())
        if _is_reader_text(text):
            self.found.append(text)


def untranslated_html_text(source: str) -> list[str]:
    """Text a reader sees in an HTML template that no translation tag covers."""
    finder = _TextFinder()
    finder.feed(_TEMPLATE_CODE.sub(" ", source))
    finder.close()
    return finder.found


def untranslated_plain_text(source: str) -> list[str]:
    """The same for a plain-text template (an email's subject or text part): every line is text."""
    lines = (" ".join(line.split()) for line in _TEMPLATE_CODE.sub(" ", source).splitlines())
    return [line for line in lines if _is_reader_text(line)]


def _is_reader_text(text: str) -> bool:
    """Words in a language, once the allowed names and abbreviations are taken out."""
    return bool(_LETTERS.search(_ALLOWED.sub(" ", text)))
