"""The notifier's standing: the good-faith tier and the misuse-policy sanctions (warning, then
filing suspension). The figures and thresholds come from complaints.standing, which decides;
this module only changes state.

Invariants: the daily run locks the account's standing row first (`lock_standing`) and does
everything for that account under that lock, so two runs never both act; each change writes
one audit row and queues its notification in the same transaction (core.notify); sanctions move
only along NotifierSanction.TRANSITIONS (a lift locks the sanction row)."""

from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core import audit
from core.errors import DomainError
from core.notify import notify_user
from core.workflow import bulk_transition, check_transition

from ..audit_actions import AccountAction
from ..models import NotifierSanction, NotifierStanding, SanctionKind, SanctionStatus, User

FIGURE_FIELDS = ["decided", "taken_down", "overturned", "unfounded"]


def _accuracy_link() -> str:
    return reverse("complaints:accuracy")


def lock_standing(*, account_id: int) -> NotifierStanding:
    """The account's standing row, created if missing, locked until the transaction ends."""
    NotifierStanding.objects.get_or_create(account_id=account_id)
    return (
        NotifierStanding.objects.select_for_update()
        .select_related("account")
        .get(account_id=account_id)
    )


def record_figures(*, standing: NotifierStanding, figures: dict, now: datetime) -> None:
    """Store the day's figures (`figures`: complaints.standing Accuracy.as_dict()) on a locked
    standing row; `computed_on` marks the day done."""
    for name in FIGURE_FIELDS:
        setattr(standing, name, int(figures.get(name) or 0))
    standing.takedown_rate = figures.get("takedown_rate")
    standing.overturned_rate = figures.get("overturned_rate")
    standing.figures = figures
    standing.computed_at = now
    standing.computed_on = timezone.localdate(now)
    standing.save(
        update_fields=[
            *FIGURE_FIELDS,
            "takedown_rate",
            "overturned_rate",
            "figures",
            "computed_at",
            "computed_on",
        ]
    )


def _tier_context(figures: dict) -> dict:
    return {
        "takedown_rate": figures.get("takedown_rate") or "0",
        "overturned_rate": figures.get("overturned_rate") or "0",
        "decided": figures.get("decided", 0),
        "taken_down": figures.get("taken_down", 0),
        "overturned": figures.get("overturned", 0),
        "window_days": figures.get("window_days", ""),
    }


def join_good_faith(*, standing: NotifierStanding, figures: dict, now: datetime) -> bool:
    """A locked standing row joins the tier, unless it is a member already or its wait after
    leaving is not over. Returns whether it joined."""
    if standing.good_faith or (standing.rejoin_after and now < standing.rejoin_after):
        return False
    standing.good_faith, standing.since = True, now
    standing.save(update_fields=["good_faith", "since"])
    audit.record(
        action=AccountAction.GOOD_FAITH_JOINED,
        target=standing.account,
        to_status="good_faith",
        data=figures,
    )
    notify_user(
        standing.account, "good_faith_joined", _tier_context(figures), link=_accuracy_link()
    )
    return True


def leave_good_faith(
    *, standing: NotifierStanding, figures: dict, now: datetime, rejoin_after: datetime
) -> bool:
    """A locked member's row leaves the tier; it may join again from `rejoin_after`."""
    if not standing.good_faith:
        return False
    standing.good_faith, standing.left_at, standing.rejoin_after = False, now, rejoin_after
    standing.save(update_fields=["good_faith", "left_at", "rejoin_after"])
    audit.record(
        action=AccountAction.GOOD_FAITH_LEFT,
        target=standing.account,
        from_status="good_faith",
        data={**figures, "rejoin_after": rejoin_after.isoformat()},
    )
    context = {**_tier_context(figures), "rejoin_after": rejoin_after.date().isoformat()}
    notify_user(standing.account, "good_faith_left", context, link=_accuracy_link())
    return True


def impose_sanction(
    *,
    account_id: int,
    kind: str,
    figures: dict,
    reason: str,
    now: datetime,
    ends_at: datetime | None = None,
) -> NotifierSanction:
    """Warn or suspend (the caller holds the account's standing lock): a reasoned notice with
    the figures behind it goes to the account at once."""
    sanction = NotifierSanction.objects.create(
        account_id=account_id,
        kind=kind,
        starts_at=now,
        ends_at=ends_at if kind == SanctionKind.SUSPENSION else None,
        figures=figures,
        reason=reason,
        created_at=now,
    )
    audit.record(
        action=AccountAction.SANCTION_WARNING_ISSUED
        if kind == SanctionKind.WARNING
        else AccountAction.SANCTION_SUSPENSION_ISSUED,
        target=sanction,
        to_status=SanctionStatus.ACTIVE,
        reason=reason,
        data={"account": account_id, **figures},
    )
    context = {
        "reason": reason,
        "unfounded": figures.get("unfounded", 0),
        "decided": figures.get("decided", 0),
        "unfounded_share": figures.get("unfounded_share") or "0",
        "ends_on": ends_at.date().isoformat() if ends_at else "",
    }
    template = "notifier_warning" if kind == SanctionKind.WARNING else "notifier_suspended"
    account = User.objects.get(pk=account_id)
    if kind == SanctionKind.SUSPENSION:
        _keep_suspended_until(account, now)
    notify_user(account, template, context, link=_accuracy_link())
    return sanction


def _keep_suspended_until(account: User, now: datetime) -> None:
    """User.filing_suspended_until: the latest end among the account's suspensions in force
    (what every filing page checks without a query)."""
    ends = (
        NotifierSanction.objects.filter(
            account=account,
            kind=SanctionKind.SUSPENSION,
            status=SanctionStatus.ACTIVE,
            ends_at__gt=now,
        )
        .order_by("-ends_at")
        .values_list("ends_at", flat=True)
        .first()
    )
    account.filing_suspended_until = ends
    account.save(update_fields=["filing_suspended_until"])


def expire_sanctions(*, now: datetime, warning_valid: timedelta) -> int:
    """Suspensions whose end has come, and warnings older than `warning_valid`, become expired
    (one locked UPDATE and one audit INSERT). Idempotent."""
    due = NotifierSanction.objects.filter(status=SanctionStatus.ACTIVE).filter(
        _ended(now) | _stale_warning(now, warning_valid)
    )
    with transaction.atomic():
        return bulk_transition(
            due, to_status=SanctionStatus.EXPIRED, action=AccountAction.SANCTION_EXPIRED
        )


def _ended(now: datetime):
    return Q(kind=SanctionKind.SUSPENSION, ends_at__lte=now)


def _stale_warning(now: datetime, valid: timedelta):
    return Q(kind=SanctionKind.WARNING, created_at__lte=now - valid)


@transaction.atomic
def lift_sanction(*, sanction: NotifierSanction, actor: User | None, note: str) -> NotifierSanction:
    """Lift an active warning or suspension (an appeal against it was granted): from then on it
    neither blocks filing nor counts towards the next step of the misuse policy. The account is
    told."""
    locked = NotifierSanction.objects.select_for_update().get(pk=sanction.pk)
    check_transition(locked, SanctionStatus.LIFTED)
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Give the reason for lifting this sanction."), code="note_required")
    now = timezone.now()
    locked.status = SanctionStatus.LIFTED
    locked.lifted_at = now
    locked.lifted_by = actor if actor is not None and actor.is_authenticated else None
    locked.lift_note = note
    locked.save(update_fields=["status", "lifted_at", "lifted_by", "lift_note"])
    audit.record(
        action=AccountAction.SANCTION_LIFTED,
        target=locked,
        actor=actor,
        from_status=SanctionStatus.ACTIVE,
        to_status=SanctionStatus.LIFTED,
        reason=note,
        data={"account": locked.account_id, "kind": locked.kind},
    )
    if locked.kind == SanctionKind.SUSPENSION:
        _keep_suspended_until(locked.account, now)
    notify_user(
        locked.account,
        "sanction_lifted",
        {"kind": locked.get_kind_display(), "note": note},
        link=_accuracy_link(),
    )
    sanction.refresh_from_db()
    return locked
