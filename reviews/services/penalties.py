"""The penalty-point ledger. Points come only from final, upheld takedowns; a reversed decision
adds a negative entry (the ledger is append-only)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.models import ComplaintItem
from complaints.urlcheck import Platform
from core import audit
from ipr.models import IPRKind

from ..models import PenaltyEntry

SANCTION_LABELS = {
    "warning": gettext_lazy("Warning"),
    "restricted_7": gettext_lazy("7-day restriction"),
    "restricted_14": gettext_lazy("14-day restriction"),
    "restricted_21": gettext_lazy("21-day restriction"),
    "terminated": gettext_lazy("Termination"),
}


def policy(platform: str) -> dict:
    config = settings.IPP["PENALTY_POLICY"]
    return {**config["default"], **config.get(platform, {})}


def _rights_owner_key(item: ComplaintItem) -> str:
    complaint = item.complaint
    if complaint.complainant_id:
        return f"user:{complaint.complainant_id}"
    dmca = getattr(complaint, "dmca", None)
    name = dmca.rights_owner_name if dmca else ""
    return f"dmca:{name.strip().casefold()}"


def _kind(item: ComplaintItem) -> str:
    ipr = item.complaint.ipr
    return ipr.kind if ipr is not None else IPRKind.COPYRIGHT  # DMCA notices are copyright


def _count_key(item: ComplaintItem, rules: dict) -> str:
    """Complaints with the same key within the merge window count once. For `per_owner_kinds`
    the key is the rights owner alone, whatever the right or work (FAQ 2019 copyright rule)."""
    owner = _rights_owner_key(item)
    kind = _kind(item)
    if kind in rules["per_owner_kinds"]:
        return f"{owner}|{kind}"
    return f"{owner}|{kind}|ipr:{item.complaint.ipr_id or 0}"


def _live_entries(seller_id: int, platform: str):
    return PenaltyEntry.objects.filter(
        seller_id=seller_id, platform=platform, reverses__isnull=True, reversed_by__isnull=True
    )


def record_upheld(*, item: ComplaintItem) -> PenaltyEntry | None:
    """Called inside the transaction that makes a takedown final. Idempotent per item."""
    if (
        item.seller_id is None
        or PenaltyEntry.objects.filter(item=item, reverses__isnull=True).exists()
    ):
        return None
    platform = item.complaint.platform
    rules = policy(platform)
    now = timezone.now()
    key = _count_key(item, rules)
    live = _live_entries(item.seller_id, platform).filter(points__gt=0)
    same = live.filter(
        count_key=key, created_at__gte=now - timedelta(days=rules["merge_window_days"])
    )
    same_complaint = live.filter(item__complaint_id=item.complaint_id).first()
    earlier = same_complaint or same.first()
    points = rules["points"].get(item.complaint.reason, rules["points"]["default"])
    if earlier is not None:
        points = 0
        if same_complaint is not None:
            why = _("Counted once with entry #%(n)d (same complaint)") % {"n": earlier.pk}
        else:
            why = _("Counted once with entry #%(n)d (same rights owner within %(d)d days)") % {
                "n": earlier.pk,
                "d": rules["merge_window_days"],
            }
    else:
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        today = live.filter(created_at__gte=start).aggregate(s=Sum("points"))["s"] or 0
        points = max(0, min(points, rules["daily_cap"] - today))
        why = _("Final takedown: %(reason)s") % {"reason": item.complaint.get_reason_display()}
        if points == 0:
            why = _("Final takedown; the daily points cap is reached")
    entry = PenaltyEntry.objects.create(
        seller_id=item.seller_id,
        platform=platform,
        item=item,
        rights_owner_key=_rights_owner_key(item),
        count_key=key,
        points=points,
        explanation=why[:300],
        created_at=now,
    )
    audit.record(
        action="penalty.recorded",
        target=item,
        data={"points": points, "entry": entry.pk, "seller": item.seller_id},
    )
    return entry


def reverse_for_item(*, item: ComplaintItem, actor=None) -> PenaltyEntry | None:
    """Void the item's entry with an opposite one; idempotent."""
    entry = (
        PenaltyEntry.objects.select_for_update(of=("self",))
        .filter(item=item, reverses__isnull=True, reversed_by__isnull=True)
        .first()
    )
    if entry is None:
        return None
    reversal = PenaltyEntry.objects.create(
        seller_id=entry.seller_id,
        platform=entry.platform,
        item=item,
        rights_owner_key=entry.rights_owner_key,
        count_key=entry.count_key,
        points=-entry.points,
        explanation=_("Reversal of entry #%(n)d: the decision was reversed") % {"n": entry.pk},
        reverses=entry,
    )
    audit.record(
        action="penalty.reversed",
        target=item,
        actor=actor,
        data={"points": -entry.points, "entry": reversal.pk},
    )
    return reversal


def sanction_for(total: int, platform: str) -> str:
    level = ""
    for threshold, name in policy(platform)["thresholds"]:
        if total >= threshold:
            level = name
    return level


def on_record() -> Q:
    """Entries still on the seller's record: platforms with `record_days` forget older ones
    (AliExpress keeps violations on record for 365 days)."""
    now = timezone.now()
    expiring = {
        code: policy(code)["record_days"]
        for code in Platform.values
        if policy(code).get("record_days")
    }
    keep = ~Q(platform__in=list(expiring))
    for code, days in expiring.items():
        keep |= Q(platform=code, created_at__gte=now - timedelta(days=days))
    return keep


def standing(seller_ids) -> list[dict]:
    """Per seller and platform: total points on record and the sanction they reach (one
    query)."""
    rows = (
        PenaltyEntry.objects.filter(seller_id__in=list(seller_ids))
        .filter(on_record())
        .values("seller_id", "seller__store_name", "platform")
        .annotate(total=Sum("points"))
        .order_by("seller__store_name", "platform")
    )
    return [
        {
            **r,
            "platform_label": str(Platform(r["platform"]).label),
            "sanction": sanction_for(r["total"], r["platform"]),
            "sanction_label": SANCTION_LABELS.get(sanction_for(r["total"], r["platform"]), ""),
            "thresholds": [
                (points, str(SANCTION_LABELS.get(name, name)))
                for points, name in policy(r["platform"])["thresholds"]
            ],
        }
        for r in rows
    ]
