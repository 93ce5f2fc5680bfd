"""Templated emails: each email is a subject / text / html triple under templates/emails/.
Rendering happens in the worker; callers record `core.tasks.send_templated_email` in the outbox
(core.notify). Every link in an email is absolute, on SITE_URL's origin (`absolute`). An email
is rendered in its recipient's language: the one its sender named, else the language of the
account the address belongs to, else settings.LANGUAGE_CODE (core.languages)."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation

from . import languages
from .notification_kinds import email_context


def absolute(path: str) -> str:
    """`/complaints/5/` -> `https://portal.example/complaints/5/`: the one way a link in an
    email is written. A link already absolute on SITE_URL's origin is kept; "" stays ""."""
    if not path:
        return ""
    parts = urlsplit(path)
    if parts.scheme or parts.netloc:
        origin = urlsplit(settings.SITE_URL)
        if (parts.scheme, parts.netloc) != (origin.scheme, origin.netloc):
            raise ValueError(f"not a link into the portal: {path!r}")
        return path
    return settings.SITE_URL.rstrip("/") + "/" + path.lstrip("/")


def _with_absolute_links(context: dict) -> dict:
    """Every `link` / `*_link` value (in the context and in each of its `entries`) made absolute."""
    done = {}
    for key, value in context.items():
        if isinstance(value, str) and (key == "link" or key.endswith("_link")):
            value = absolute(value)
        elif key == "entries" and isinstance(value, list):
            value = [_with_absolute_links(e) if isinstance(e, dict) else e for e in value]
        done[key] = value
    return done


def render_email(template: str, context: dict) -> tuple[str, str, str]:
    """Subject, text and HTML of one email; links in `context` may be paths (made absolute)."""
    template, context = email_context(template, context)
    context = _with_absolute_links(context)
    subject = render_to_string(f"emails/{template}_subject.txt", context).strip()
    subject = " ".join(subject.splitlines())
    body = render_to_string(f"emails/{template}.txt", context)
    text = body.rstrip() + "\n" + render_to_string("emails/_footer.txt", context)
    html = render_to_string(f"emails/{template}.html", context)
    return subject, text, html


def send_rendered(template: str, to: list[str], context: dict, language: str = "") -> int:
    language = languages.supported(language) or languages.of_addresses(to)
    with translation.override(language):
        subject, text, html = render_email(template, context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    return message.send()
