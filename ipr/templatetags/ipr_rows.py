"""The rows of IPR Management, written in Python: a template loop over 25 rows of five cells,
with four URL reversals and two choice labels per row, was three quarters of the page's time."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from core.html_rows import row_html, rows_html

from ..models import IPR, IPRKind, IPRStatus

register = template.Library()

ROW = (
    '<tr data-ipr="{}"><td><span class="kind-tag kind-{}">{}</span>\n'
    '<a href="{}" class="ipr-name">{}</a>{}</td><td>{}</td><td>{}</td>'
    '<td><span class="status status-{}">{}</span>{}</td>'
    '<td class="right nowrap">{}<a class="btn btn-ghost btn-sm" href="{}">{}</a></td></tr>'
)
_SLOT = 987654321987  # reversed once per page, then replaced by each row's id


def _links() -> dict[str, str]:
    return {
        name: reverse(f"ipr:{name}", args=[_SLOT]) for name in ("detail", "edit", "confirm_renew")
    }


def _action(ipr: IPR, link, words: dict) -> SafeString | str:
    if ipr.status == IPRStatus.FAILED:
        return row_html(
            '<a class="btn btn-primary btn-sm" href="{}">{}</a>\n', link("edit"), words["edit"]
        )
    if ipr.status == IPRStatus.DRAFT:
        return row_html(
            '<a class="btn btn-primary btn-sm" href="{}">{}</a>\n',
            link("detail"),
            words["continue"],
        )
    if ipr.is_renewable and not getattr(ipr, "has_open_renewal", False):
        return row_html(
            '<a class="btn btn-ghost btn-sm" href="{}">{}</a>\n',
            link("confirm_renew"),
            words["renew"],
        )
    return ""


def _cells(ipr: IPR, links: dict, words: dict, labels: dict) -> tuple:
    def link(name: str) -> str:
        return links[name].replace(str(_SLOT), str(ipr.pk))

    where = ""
    if ipr.jurisdiction:
        place = f"{ipr.jurisdiction} · {ipr.office}" if ipr.office else ipr.jurisdiction
        where = row_html('<div class="muted small">{}</div>', place)
    reason = ipr.reason_text
    return (
        ipr.pk,
        ipr.kind,
        labels["kind"].get(ipr.kind, ipr.kind),
        link("detail"),
        ipr.label,
        where,
        ipr.right_owner_name,
        ipr.expires_on.strftime("%Y-%m-%d") if ipr.expires_on else "—",
        ipr.status,
        labels["status"].get(ipr.status, ipr.status),
        row_html('<div class="reason small">{}</div>', reason) if reason else "",
        _action(ipr, link, words),
        link("detail"),
        words["view"],
    )


@register.simple_tag
def ipr_rows(rows: list[IPR]) -> SafeString:
    links = _links()
    words = {"edit": _("Edit"), "continue": _("Continue"), "renew": _("Renew"), "view": _("View")}
    labels = {
        "kind": {value: str(label) for value, label in IPRKind.choices},
        "status": {value: str(label) for value, label in IPRStatus.choices},
    }
    return rows_html("\n", ROW, (_cells(ipr, links, words, labels) for ipr in rows))
