"""The notifications list's entries, written in Python: a template loop over a hundred entries,
each with a date, its text and an Open form, was most of the page's time. One CSRF token serves
every form of the page."""

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.html_rows import row_html, rows_html

register = template.Library()

# One short line per notice (core.notification_kinds); the email carries the details. Rows
# written before the lines existed kept the email's text as their body: it is not shown.
ENTRY = (
    '<article class="notif{}"><header><strong>{}</strong> <time class="muted">{} UTC</time>'
    "</header>{}</article>"
)
OPEN = (
    '<form method="post" action="{}"><input type="hidden" name="csrfmiddlewaretoken" '
    'value="{}"><button class="btn btn-ghost">{}</button></form>'
)
_SLOT = 987654321987  # reversed once per page, then replaced by each entry's id


@register.simple_tag(takes_context=True)
def notification_rows(context, items) -> SafeString:
    token, label = get_token(context["request"]), _("Open")
    link = reverse("notification_open", args=[_SLOT])

    def opener(n) -> SafeString | str:
        if not n.link:
            return ""
        return row_html(OPEN, link.replace(str(_SLOT), str(n.pk)), token, label)

    return rows_html(
        "\n",
        ENTRY,
        (
            (
                "" if n.read_at else " unread",
                n.title,
                timezone.localtime(n.created_at).strftime("%Y-%m-%d %H:%M"),
                opener(n),
            )
            for n in items
        ),
    )
