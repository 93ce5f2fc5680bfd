"""The rows of a reviewer queue, written in Python: a template loop over fifty rows, each with a
label, an age, its holder and a claim or release form, was most of the page's time. One CSRF
token serves every form of the page."""

from collections.abc import Callable
from typing import Any

from django import template
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.timesince import TIME_STRINGS, timesince
from django.utils.translation import gettext as _

from catalogue.urlcheck import Platform
from complaints.models import Complaint, ComplaintReason
from core.choices import translated
from core.html_rows import row_html, rows_html

register = template.Library()

ROW = (
    '<tr data-pk="{}"><td class="nowrap">{}</td><td>{}</td><td>{}</td>'
    '<td class="right nowrap">{}</td></tr>'
)
FORM = (
    '<form method="post" action="{}" class="inline"><input type="hidden" '
    'name="csrfmiddlewaretoken" value="{}"><button class="btn {} btn-sm">{}</button></form>'
)
_SLOT = 987654321987  # reversed once per page, then replaced by each row's id


@register.simple_tag(takes_context=True)
def queue_rows(context, queue, rows) -> SafeString:
    request = context["request"]
    me, token = request.user.email, get_token(request)
    claim = reverse("reviews:claim", args=[queue.name, _SLOT])
    release = reverse("reviews:release", args=[queue.name, _SLOT])
    text = {
        "work": _("Work on it"),
        "release": _("Release"),
        "claim": _("Claim"),
        "view": _("View"),
        "unclaimed": _("Unclaimed"),
        "gf": _("Good-faith notifier"),
        "taken_down": _("Taken down"),
        "overturned": _("overturned"),
    }

    def actions(row) -> SafeString:
        if row.holder_email == me:
            release_url = release.replace(str(_SLOT), str(row.pk))
            return row_html(
                '<a class="btn btn-primary btn-sm" href="{}">{}</a>{}',
                row.work_url,
                text["work"],
                row_html(FORM, release_url, token, "btn-ghost", text["release"]),
            )
        if not row.holder_email:
            claim_url = claim.replace(str(_SLOT), str(row.pk))
            return row_html(FORM, claim_url, token, "btn-primary", text["claim"])
        return row_html(
            '<a class="btn btn-ghost btn-sm" href="{}">{}</a>', row.work_url, text["view"]
        )

    name = _namer(rows)
    now = timezone.now()
    ages = page_time_strings()

    def label(row) -> SafeString:
        """The item; a complaint also shows its notifier's stored tier and rates
        (complaints.standing.with_notifier_figures, joined in the page's query)."""
        if not hasattr(row, "notifier_decided"):
            return row_html("{}", name(row))
        badge = (
            row_html(' <span class="status status-approved notifier-tier">{}</span>', text["gf"])
            if row.notifier_good_faith
            else ""
        )
        if row.notifier_decided is None:
            return row_html("{}{}", name(row), badge)
        return row_html(
            '{}{}<br><span class="muted small notifier-rates">{} {} · {} {}</span>',
            name(row),
            badge,
            text["taken_down"],
            _rate(row.notifier_takedown_rate),
            text["overturned"],
            _rate(row.notifier_overturned_rate),
        )

    def holder(row) -> SafeString:
        if row.holder_email:
            return row_html('<span class="chip">{}</span>', row.holder_email)
        return row_html('<span class="muted">{}</span>', text["unclaimed"])

    return rows_html(
        "\n",
        ROW,
        (
            (
                row.pk,
                timesince(row.age, now, time_strings=ages) if row.age else "—",
                label(row),
                holder(row),
                actions(row),
            )
            for row in rows
        ),
    )


def _rate(value) -> str:
    return "—" if value is None else f"{value}%"


def _namer(rows) -> Callable[[Any], str]:
    """`str(row)`; for complaints, from their platform and reason labels translated once for the
    page (Complaint.__str__ looks both up per row)."""
    if not rows or not isinstance(rows[0], Complaint):
        return str
    platforms, reasons = translated(Platform), translated(ComplaintReason)
    return lambda c: (
        f"#{c.pk} {platforms.get(c.platform, c.platform)} · {reasons.get(c.reason, c.reason)}"
    )


class _Remembered:
    """One of timesince's unit strings, formatted once per number for the page."""

    def __init__(self, lazy):
        self.lazy, self.seen = lazy, {}

    def __mod__(self, values: dict) -> str:
        n = values["num"]
        text = self.seen.get(n)
        if text is None:
            text = self.seen[n] = str(self.lazy % values)
        return text


def page_time_strings() -> dict[str, _Remembered]:
    """`time_strings` for timesince over a page's rows: Django's own unit strings in the current
    language, each number's text made once (the lazy strings were half of timesince's cost)."""
    return {name: _Remembered(lazy) for name, lazy in TIME_STRINGS.items()}
