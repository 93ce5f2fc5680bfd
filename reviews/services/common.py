"""Small pieces the review services share: text checks, locks, who the complainant is
(as a seller may see it) and the notifications to each party."""

from django.urls import reverse
from django.utils.translation import gettext as _

from complaints.models import Complaint, ComplaintItem, ComplaintReason
from core.errors import DomainError
from core.notification_kinds import Category
from core.notify import email_after_commit, notify_user

NUL = "\x00"


def clean_text(value: str, *, field: str, limit: int, required: bool = False) -> str:
    """Refuse NUL bytes and oversized text; strip. Hostile markup is kept as text (templates
    escape it)."""
    value = (value or "").strip()
    if NUL in value:
        raise DomainError(_("The text contains a NUL byte."), code="bad_text", field=field)
    if len(value) > limit:
        raise DomainError(
            _("This text is limited to %(n)d characters.") % {"n": limit},
            code="too_long",
            field=field,
        )
    if required and not value:
        raise DomainError(_("This field is required."), code="required", field=field)
    return value


def reason_label(complaint: Complaint):
    """The complaint reason's label, lazy: core.notify writes it in each recipient's language."""
    if complaint.reason in ComplaintReason.values:
        return ComplaintReason(complaint.reason).label
    return complaint.reason


def lock_complaint_and_item(item: ComplaintItem) -> tuple[Complaint, ComplaintItem]:
    """Lock the complaint, then the item (always in this order, as withdrawal does)."""
    complaint = Complaint.objects.select_for_update().get(pk=item.complaint_id)
    return complaint, ComplaintItem.objects.select_for_update().get(pk=item.pk)


def item_context(item: ComplaintItem) -> dict:
    complaint = item.complaint
    listing = item.catalogue_listing
    return {
        "complaint_id": complaint.pk,
        "item_id": item.pk,
        "url": item.url,
        "listing_id": item.listing_id,
        "listing_title": listing.title if listing else item.listing_id,
        "store": item.seller.store_name if item.seller is not None else "",
        "reason": reason_label(complaint),
        "ipr": str(complaint.ipr) if complaint.ipr_id else "",
    }


def tell_seller(item: ComplaintItem, template: str, context: dict) -> None:
    """Notices to a seller are legal notices: always emailed at once (core.notify merges those
    about several URLs of one complaint in one transaction into one)."""
    account = item.seller.account if item.seller is not None else None
    if account is not None:
        notify_user(
            account,
            template,
            context,
            link=reverse("reviews:seller_item", args=[item.pk]),
            category=Category.SELLER_NOTICES,
        )


def tell_complainant(complaint: Complaint, template: str, context: dict) -> None:
    link = reverse("complaints:detail", args=[complaint.pk])
    if complaint.complainant is not None:
        notify_user(complaint.complainant, template, context, link=link)
    elif hasattr(complaint, "dmca"):
        email = complaint.dmca.notifier_email
        email_after_commit(
            template,
            [email],
            {**context, "email": email, "link": ""},
            language=complaint.dmca.language,
        )
