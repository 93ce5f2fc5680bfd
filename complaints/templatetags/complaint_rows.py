"""The rows of Manage Complaints, written in Python: a template loop over 50 rows of seven
cells was the larger part of the page's time. Each row's labels come from
`selectors.for_listing`."""

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.html_rows import row_html, rows_html
from core.templatetags.deadlines import deadline_html

register = template.Library()

ROW = (
    '<tr><td><a href="{}">#{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
    '<td><span class="status status-{}">{}</span></td><td class="action-cell">{}</td></tr>'
)


def _action(row) -> SafeString | str:
    """The "action needed" cell: counter-notices waiting for the owner's answer, with the time
    left on the earliest, linked to the complaint."""
    need = row.action
    if need is None:
        return ""
    text = ngettext(
        "%(n)d counter-notice to answer", "%(n)d counter-notices to answer", need.count
    ) % {"n": need.count}
    return row_html(
        '<a class="action-needed" href="{}">{}</a><br>{}',
        row.detail_url,
        text,
        deadline_html(need.due_at),
    )


@register.simple_tag
def complaint_rows(rows) -> SafeString:
    valid = _("valid")

    def urls(row) -> str:
        if row.status == "draft":
            return str(row.url_count)
        return f"{row.valid_count} / {row.url_count} {valid}"

    return rows_html(
        "\n",
        ROW,
        (
            (
                row.detail_url,
                row.pk,
                row.created_label,
                row.platform_label,
                row.ipr_label or "—",
                row.reason_label,
                urls(row),
                row.status,
                row.status_label,
                _action(row),
            )
            for row in rows
        ),
    )
