"""Deadlines as people read them: "3 working days left (due 8 Dec, 18:00 CET)", in the viewer's
time zone (the active one, see core.timezones), counted on the working-day calendar
(core.calendar). `{{ due_at|deadline }}` in templates; `deadline_html` / `deadline_text` for
rows written in Python."""

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.calendar import working_days_left
from core.html_rows import row_html

register = template.Library()

WHEN_FORMAT = "j M, H:i T"


def when(due: datetime) -> str:
    """ "8 Dec, 18:00 CET": the due moment in the active time zone, with the zone's name."""
    return format_date(timezone.localtime(due), WHEN_FORMAT)


def deadline_text(due: datetime, now: datetime | None = None) -> str:
    now = now or timezone.now()
    moment = when(due)
    if due <= now:
        return _("Overdue since %(when)s") % {"when": moment}
    days = working_days_left(due, now)
    if days == 0:
        return _("Less than a working day left (due %(when)s)") % {"when": moment}
    return ngettext(
        "%(n)d working day left (due %(when)s)", "%(n)d working days left (due %(when)s)", days
    ) % {"n": days, "when": moment}


def deadline_html(due: datetime | None, now: datetime | None = None) -> SafeString | str:
    """A <time> element with the text above; "overdue" or "soon" (a working day or less) marks
    it for the eye. "" for no deadline."""
    if due is None:
        return ""
    now = now or timezone.now()
    tone = "overdue" if due <= now else ("soon" if working_days_left(due, now) <= 1 else "")
    return row_html(
        '<time class="deadline {}" datetime="{}">{}</time>',
        tone,
        due.isoformat(),
        deadline_text(due, now),
    )


@register.filter
def deadline(due: datetime | None) -> SafeString | str:
    return deadline_html(due)
