"""Links in emails: always absolute, on SITE_URL's origin (core.mail.absolute).

`{{ some_path|absolute }}` or `{% absolute_url "accounts:identity" %}` (a URL name and its
arguments, reversed). Links passed in an email's context as `link` / `*_link` are made absolute
before rendering, so templates use those as they are."""

from django import template
from django.urls import reverse

from core.mail import absolute as _absolute

register = template.Library()


@register.filter
def absolute(path: str) -> str:
    return _absolute(str(path or ""))


@register.simple_tag
def absolute_url(name: str, *args: object) -> str:
    return _absolute(reverse(name, args=list(args)))
