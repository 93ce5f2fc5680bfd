"""The penalty-point ledger. Points come only from final, upheld takedowns; a reversed decision
adds a negative entry (the ledger is append-only)."""

from datetime import timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from catalogue.urlcheck import Platform
from complaints.models import ComplaintItem
from core import audit

from ..audit_actions import ReviewAction
from ..models import PenaltyEntry
from ..policy import PenaltyPolicy, complaint_kind, penalty_policy

SANCTION_LABELS = {
    "warning": gettext_lazy("Warning"),
    "restricted_7": gettext_lazy("7-day restriction"),
    "restricted_14": gettext_lazy("14-day restriction"),
    "restricted_21": gettext_lazy("21-day restriction"),
    "terminated": gettext_lazy("Termination"),
}


def _rights_owner_key(item: ComplaintItem) -> str:
    complaint = item.complaint
    if complaint.complainant_id:
        return f"user:{complaint.complainant_id}"
    dmca = getattr(complaint, "dmca", None)
    name = dmca.rights_owner_name if dmca else ""
    return f"dmca:{name.strip().casefold()}"


def _count_key(item: ComplaintItem, rules: PenaltyPolicy) -> str:
    """Complaints with the same key within the merge window count once. For `per_owner_kinds`
    the key is the rights owner alone, whatever the right or work (FAQ 2019 copyright rule)."""
    owner = _rights_owner_key(item)
    ipr = item.complaint.ipr
    kind = complaint_kind(ipr.kind if ipr is not None else None)
    if kind in rules.per_owner_kinds:
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
    rules = penalty_policy(platform)
    now = timezone.now()
    key = _count_key(item, rules)
    live = _live_entries(item.seller_id, platform).filter(points__gt=0)
    same = live.filter(count_key=key, created_at__gte=now - timedelta(days=rules.merge_window_days))
    same_complaint = live.filter(item__complaint_id=item.complaint_id).first()
    earlier = same_complaint or same.first()
    points = rules.points_for(item.complaint.reason)
    if earlier is not None:
        points = 0
        if same_complaint is not None:
            why = _("Counted once with entry #%(n)d (same complaint)") % {"n": earlier.pk}
        else:
            why = _("Counted once with entry #%(n)d (same rights owner within %(d)d days)") % {
                "n": earlier.pk,
                "d": rules.merge_window_days,
            }
    else:
        start = now.replace(hour=0, minute=0, second=0, microsecond=0)
        today = live.filter(created_at__gte=start).aggregate(s=Sum("points"))["s"] or 0
        points = max(0, min(points, rules.daily_cap - today))
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
        action=ReviewAction.PENALTY_RECORDED,
        target=item,
        data={"points": points, "entry": entry.pk, "seller": item.seller_id},
    )
    return entry


def reverse_for_item(*, item: ComplaintItem, actor: User | None = None) -> PenaltyEntry | None:
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
        action=ReviewAction.PENALTY_REVERSED,
        target=item,
        actor=actor,
        data={"points": -entry.points, "entry": reversal.pk},
    )
    return reversal


def sanction_for(total: int, platform: str) -> str:
    level = ""
    for threshold, name in penalty_policy(platform).thresholds:
        if total >= threshold:
            level = name
    return level


def on_record() -> Q:
    """Entries still on the seller's record: platforms with `record_days` forget older ones
    (AliExpress keeps violations on record for 365 days)."""
    now = timezone.now()
    expiring = {
        code: days for code in Platform.values if (days := penalty_policy(code).record_days)
    }
    keep = ~Q(platform__in=list(expiring))
    for code, days in expiring.items():
        keep |= Q(platform=code, created_at__gte=now - timedelta(days=days))
    return keep


def _serious_counts(seller_ids) -> dict:
    """{(seller, platform): (serious entries, most on one IPR)} for live, on-record entries
    whose complaint reason the platform's policy calls serious (two queries)."""
    serious_reasons = {r for code in Platform.values for r in penalty_policy(code).serious_reasons}
    if not serious_reasons:
        return {}
    live = PenaltyEntry.objects.filter(
        seller_id__in=list(seller_ids),
        points__gt=0,
        reverses__isnull=True,
        reversed_by__isnull=True,
        item__complaint__reason__in=serious_reasons,
    ).filter(on_record())
    totals = {
        (r["seller_id"], r["platform"]): r["n"]
        for r in live.values("seller_id", "platform").annotate(n=Count("id"))
    }
    per_ipr: dict = {}
    for r in live.values("seller_id", "platform", "item__complaint__ipr_id").annotate(
        n=Count("id")
    ):
        key = (r["seller_id"], r["platform"])
        per_ipr[key] = max(per_ipr.get(key, 0), r["n"])
    return {key: (n, per_ipr.get(key, 0)) for key, n in totals.items()}


def sanction_with_serious(total: int, platform: str, serious: tuple[int, int]) -> str:
    """Points thresholds, then the platform's serious-infringement termination rule
    (Alibaba.com: three serious on one IPR or four in all; AliExpress: three in all)."""
    level = sanction_for(total, platform)
    rule = penalty_policy(platform).terminate_serious
    count, most_on_one_ipr = serious
    if (rule.total and count >= rule.total) or (rule.per_ipr and most_on_one_ipr >= rule.per_ipr):
        return "terminated"
    return level


def standing(seller_ids) -> list[dict]:
    """Per seller and platform: total points on record and the sanction they reach (three
    queries whatever the number of stores; one when none has points on record)."""
    rows = list(
        PenaltyEntry.objects.filter(seller_id__in=list(seller_ids))
        .filter(on_record())
        .values("seller_id", "seller__store_name", "platform")
        .annotate(total=Sum("points"))
        .order_by("seller__store_name", "platform")
    )
    serious = _serious_counts(seller_ids) if rows else {}  # no points on record: nothing serious
    result = []
    for r in rows:
        counts = serious.get((r["seller_id"], r["platform"]), (0, 0))
        sanction = sanction_with_serious(r["total"], r["platform"], counts)
        result.append(
            {
                **r,
                "platform_label": str(Platform(r["platform"]).label),
                "serious": counts[0],
                "sanction": sanction,
                "sanction_label": SANCTION_LABELS.get(sanction, ""),
                "thresholds": [
                    (points, str(SANCTION_LABELS.get(name, name)))
                    for points, name in penalty_policy(r["platform"]).thresholds
                ],
            }
        )
    return result
