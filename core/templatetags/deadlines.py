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
from django.utils.translation import ngettext, pgettext

from core.calendar import working_days_left
from core.html_rows import row_html

register = template.Library()


def when(due: datetime) -> str:
    """ "8 Dec, 18:00 CET" ("12月8日 18:00 CET" in Chinese): the due moment in the active time
    zone, with the zone's name, in the language's own order (a translated date format)."""
    return format_date(timezone.localtime(due), pgettext("date format", "j M, H:i T"))


@register.filter
def day(moment: datetime | None) -> str:
    """ "9 Dec 2026" ("2026年12月9日" in Chinese) in the viewer's time zone; "" for none."""
    if moment is None:
        return ""
    return format_date(timezone.localtime(moment), pgettext("date format", "j M Y"))


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
