"""The rows of the seller's list, written in Python: a template loop over fifty rows of six
rich cells was most of the page's time."""

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from complaints.models import ComplaintReason, ItemStatus
from core.choices import translated
from core.html_rows import row_html, rows_html
from core.templatetags.deadlines import deadline_html
from reviews.models import CounterNoticeStatus

register = template.Library()

ROW = (
    '<tr data-item="{}"><td><strong>{}</strong><br><span class="muted small">{} · {}</span></td>'
    '<td>{}<br><span class="muted small">{}</span></td><td>{}</td>'
    '<td><span class="status {}">{}</span>{}</td><td>{}</td>'
    '<td class="right"><a class="btn btn-{} btn-sm" href="{}">{}</a></td></tr>'
)
_SLOT = 987654321987  # reversed once per page, then replaced by each row's id


# The seller's own words for its listing's state: a takedown is bad news for the seller (a
# warning colour), never the green a complainant sees for the same "accepted".
def _badges() -> dict[str, tuple[str, str]]:
    return {
        "accepted": ("status-taken-down", _("Listing taken down")),
        "upheld": ("status-taken-down", _("Takedown final")),
        "restored": ("status-restored", _("Listing restored")),
        "withdrawn": ("status-restored", _("Complaint withdrawn")),
    }


def badge_of(status: str, fallback: str) -> tuple[str, str]:
    return _badges().get(status, (f"status-{status}", fallback))


@register.simple_tag
def seller_badge(item) -> SafeString:
    css, label = badge_of(item.status, item.get_status_display())
    return row_html('<span class="status {}" id="item-status">{}</span>', css, label)


def _deadline(row: dict) -> SafeString | str:
    if row["seller_due"]:
        if (row.get("seller_round") or 1) > 1:
            label = _("Counter-notice (chance %(n)d):") % {"n": row["seller_round"]}
            return row_html("{}<br>{}", label, deadline_html(row["seller_due"]))
        return row_html("{}<br>{}", _("Counter-notice:"), deadline_html(row["seller_due"]))
    if row["complainant_due"]:
        return row_html(
            '<span class="muted small">{}</span><br>{}',
            _("Complainant answers:"),
            deadline_html(row["complainant_due"]),
        )
    return "—"


def _cells(row: dict, link: str, words: dict, labels: dict) -> tuple:
    status = row["status"]
    css, label = labels["badges"].get(status) or (f"status-{status}", labels["status"][status])
    notice = row["notice_status"]
    return (
        row["pk"],
        row["catalogue_listing__title"] or row["listing_id"],
        row["seller__store_name"] or "",
        row["listing_id"],
        row["complainant"]["name"],
        row["complainant"]["email"],
        labels["reason"].get(row["complaint__reason"], row["complaint__reason"]),
        css,
        label,
        row_html('<div class="muted small">{}</div>', _notice_label(row, labels)) if notice else "",
        _deadline(row),
        "primary" if row["seller_due"] else "ghost",
        link.replace(str(_SLOT), str(row["pk"])),
        words["respond"] if row["seller_due"] else words["details"],
    )


def _notice_label(row: dict, labels: dict) -> str:
    label = labels["notice"][row["notice_status"]]
    if (row.get("notice_round") or 1) > 1:
        return _("Chance %(n)d: %(status)s") % {"n": row["notice_round"], "status": label}
    return label


@register.simple_tag
def seller_rows(rows: list[dict]) -> SafeString:
    """The rows of `reviews.selectors.seller_list_page`."""
    link = reverse("reviews:seller_item", args=[_SLOT])
    words = {"respond": _("Respond"), "details": _("Details")}
    # Choice labels are lazy translations: each would be translated again in every row it shows.
    labels = {
        "badges": _badges(),
        "status": translated(ItemStatus),
        "reason": translated(ComplaintReason),
        "notice": translated(CounterNoticeStatus),
    }
    return rows_html("\n", ROW, (_cells(row, link, words, labels) for row in rows))
