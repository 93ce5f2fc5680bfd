"""The rows of the seller's list, written in Python: a template loop over fifty rows of six
rich cells was most of the page's time."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

ROW = (
    '<tr data-item="{}"><td><strong>{}</strong><br><span class="muted small">{} · {}</span></td>'
    '<td>{}<br><span class="muted small">{}</span></td><td>{}</td>'
    '<td><span class="status status-{}">{}</span>{}</td><td class="nowrap">{}</td>'
    '<td class="right"><a class="btn btn-{} btn-sm" href="{}">{}</a></td></tr>'
)
_SLOT = 987654321987  # reversed once per page, then replaced by each row's id


def _moment(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M")


def _complainant(complaint) -> tuple[str, str]:
    person = complaint.complainant
    if person is not None:
        return person.complainant_name or person.email, person.contact_email or person.email
    notice = getattr(complaint, "dmca", None)
    return (notice.rights_owner_name, notice.notifier_email) if notice else ("", "")


def _deadline(item) -> SafeString | str:
    if item.seller_due:
        text = _("Counter-notice by %(d)s UTC") % {"d": _moment(item.seller_due)}
        return format_html('<span class="due">{}</span>', text)
    if item.complainant_due:
        text = _("Complainant answers by %(d)s UTC") % {"d": _moment(item.complainant_due)}
        return format_html('<span class="muted small">{}</span>', text)
    return "—"


def _cells(item, link: str, words: dict) -> tuple:
    name, contact = _complainant(item.complaint)
    notice = getattr(item, "counter_notice", None)
    listing = item.catalogue_listing
    return (
        item.pk,
        (listing.title if listing else "") or item.listing_id,
        item.seller.store_name if item.seller else "",
        item.listing_id,
        name,
        contact,
        item.complaint.get_reason_display(),
        item.status,
        item.get_status_display(),
        format_html('<div class="muted small">{}</div>', notice.get_status_display())
        if notice
        else "",
        _deadline(item),
        "primary" if item.seller_due else "ghost",
        link.replace(str(_SLOT), str(item.pk)),
        words["respond"] if item.seller_due else words["details"],
    )


@register.simple_tag
def seller_rows(items) -> SafeString:
    link = reverse("reviews:seller_item", args=[_SLOT])
    words = {"respond": _("Respond"), "details": _("Details")}
    return format_html_join("\n", ROW, (_cells(item, link, words) for item in items))
