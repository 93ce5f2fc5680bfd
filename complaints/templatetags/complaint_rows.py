"""The rows of Manage Complaints, written in Python: a template loop over 50 rows of seven
cells was the larger part of the page's time. Each row's labels come from
`selectors.for_listing`."""

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

ROW = (
    '<tr><td><a href="{}">#{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>'
    '<td><span class="status status-{}">{}</span></td></tr>'
)


@register.simple_tag
def complaint_rows(rows) -> SafeString:
    valid = _("valid")

    def urls(row) -> str:
        if row.status == "draft":
            return str(row.url_count)
        return f"{row.valid_count} / {row.url_count} {valid}"

    return format_html_join(
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
            )
            for row in rows
        ),
    )
