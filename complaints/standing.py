"""A rights owner's accuracy, the good-faith tier and the misuse policy (DSA Art. 23): the figures
(aggregate SQL, a fixed number of queries whatever the number of URLs), the thresholds (typed
defaults here, `settings.IPP` overrides values) and the daily run that applies them. State
changes (tier, sanctions) are accounts.services.standing's; this module decides.

What the figures count, over the URLs a reviewer decided within the window (`decided_at`):
- decided: taken down (accepted, or later upheld, restored or withdrawn after the takedown) or
  rejected;
- taken down / decided: the takedown rate;
- overturned: taken-down URLs restored because the seller's counter-notice succeeded (the
  complainant accepted it, stayed silent, or the platform accepted it) / taken down;
- manifestly unfounded: rejected with one of `unfounded_reasons()`."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import (
    NotifierSanction,
    NotifierStanding,
    SanctionKind,
    SanctionStatus,
    User,
)
from accounts.permissions import is_rights_owner
from accounts.policy import ipp_setting
from accounts.services import standing as standing_services

from .models import (
    Complaint,
    ComplaintItem,
    ComplaintReason,
    ItemOutcome,
    ItemRejectionReason,
    ItemStatus,
    QueuePriority,
)

# --- the numbers (settings.IPP overrides each) ---------------------------------------------------
ACCURACY_WINDOW_DAYS = 90  # "the last 3 months" of decisions
GOOD_FAITH_MIN_TAKEDOWN_RATE = 90  # percent of decided URLs taken down, at least
GOOD_FAITH_MAX_OVERTURNED_RATE = 5  # percent of taken-down URLs overturned, at most
# Decided URLs in the window before the tier is judged at all: below it one rejection moves the
# takedown rate by more than 5 points, so the figures say little. The same 20 as the misuse
# policy's count. A member under the minimum keeps its status (nothing shows it became
# inaccurate); a non-member cannot join.
GOOD_FAITH_MIN_DECIDED = 20
GOOD_FAITH_REJOIN_WAIT_DAYS = 90  # after leaving, before joining again
# Per complaint reason, where a platform judges reasons apart, e.g.
# {"counterfeit": {"min_takedown_rate": 95, "max_overturned_rate": 3, "min_decided": 10}}:
# a reason listed here with at least its minimum of decided URLs must meet its own thresholds too.
GOOD_FAITH_REASON_THRESHOLDS: dict[str, dict[str, int]] = {}

# Rejection reasons that make a notice manifestly unfounded: the right does not cover the goods
# (ipr_mismatch), the claimed use is nowhere in the listing (use_not_located), or what is
# complained of is no infringement at all, e.g. a genuine resale (not_infringement). Each shows
# on the notice's face that it had no basis. Not counted: an invalid or vanished listing (not the
# notifier's doing), insufficient proof (curable; the infringement may be real) and "other".
MISUSE_UNFOUNDED_REASONS = (
    ItemRejectionReason.IPR_MISMATCH.value,
    ItemRejectionReason.USE_NOT_LOCATED.value,
    ItemRejectionReason.NOT_INFRINGEMENT.value,
)
MISUSE_WINDOW_DAYS = 90
MISUSE_MIN_UNFOUNDED = 20  # manifestly unfounded URLs in the window, at least
MISUSE_MIN_UNFOUNDED_SHARE = 50  # percent of the decided URLs, at least
MISUSE_WARNING_VALID_DAYS = 183  # a warning counts for escalation this long (6 months)
MISUSE_SUSPENSION_DAYS = 30
STANDING_BATCH = 500  # accounts per transaction in the daily run

# Statuses of a URL the reviewer took down (whatever happened next) and of every decided URL.
TAKEN_DOWN_STATUSES = (
    ItemStatus.ACCEPTED,
    ItemStatus.UPHELD,
    ItemStatus.RESTORED,
    ItemStatus.WITHDRAWN,
)
DECIDED_STATUSES = (*TAKEN_DOWN_STATUSES, ItemStatus.REJECTED)
OVERTURNED_OUTCOMES = (
    ItemOutcome.COMPLAINANT_ACCEPTED,
    ItemOutcome.COMPLAINANT_SILENT,
    ItemOutcome.PLATFORM_ACCEPTED,
)


def window_days() -> int:
    return ipp_setting("ACCURACY_WINDOW_DAYS", int, ACCURACY_WINDOW_DAYS)


def min_takedown_rate() -> int:
    return ipp_setting("GOOD_FAITH_MIN_TAKEDOWN_RATE", int, GOOD_FAITH_MIN_TAKEDOWN_RATE)


def max_overturned_rate() -> int:
    return ipp_setting("GOOD_FAITH_MAX_OVERTURNED_RATE", int, GOOD_FAITH_MAX_OVERTURNED_RATE)


def min_decided() -> int:
    return ipp_setting("GOOD_FAITH_MIN_DECIDED", int, GOOD_FAITH_MIN_DECIDED)


def rejoin_wait() -> timedelta:
    return timedelta(
        days=ipp_setting("GOOD_FAITH_REJOIN_WAIT_DAYS", int, GOOD_FAITH_REJOIN_WAIT_DAYS)
    )


def reason_thresholds() -> dict[str, dict[str, int]]:
    return ipp_setting("GOOD_FAITH_REASON_THRESHOLDS", dict, GOOD_FAITH_REASON_THRESHOLDS)


def unfounded_reasons() -> tuple[str, ...]:
    value = settings.IPP.get("MISUSE_UNFOUNDED_REASONS", MISUSE_UNFOUNDED_REASONS)
    if not isinstance(value, list | tuple) or not set(value) <= set(ItemRejectionReason.values):
        raise ImproperlyConfigured(
            'settings.IPP["MISUSE_UNFOUNDED_REASONS"] must list item rejection reasons.'
        )
    return tuple(value)


def misuse_window_days() -> int:
    return ipp_setting("MISUSE_WINDOW_DAYS", int, MISUSE_WINDOW_DAYS)


def misuse_min_unfounded() -> int:
    return ipp_setting("MISUSE_MIN_UNFOUNDED", int, MISUSE_MIN_UNFOUNDED)


def misuse_min_share() -> int:
    return ipp_setting("MISUSE_MIN_UNFOUNDED_SHARE", int, MISUSE_MIN_UNFOUNDED_SHARE)


def warning_valid() -> timedelta:
    return timedelta(days=ipp_setting("MISUSE_WARNING_VALID_DAYS", int, MISUSE_WARNING_VALID_DAYS))


def suspension_length() -> timedelta:
    return timedelta(days=ipp_setting("MISUSE_SUSPENSION_DAYS", int, MISUSE_SUSPENSION_DAYS))


def batch_size() -> int:
    return ipp_setting("STANDING_BATCH", int, STANDING_BATCH)


# --- figures ------------------------------------------------------------------------------------
def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(100 * part) / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass(frozen=True)
class Figures:
    decided: int = 0
    taken_down: int = 0
    overturned: int = 0
    unfounded: int = 0

    @property
    def rejected(self) -> int:
        return self.decided - self.taken_down

    @property
    def takedown_rate(self) -> Decimal | None:
        return _percent(self.taken_down, self.decided)

    @property
    def overturned_rate(self) -> Decimal | None:
        return _percent(self.overturned, self.taken_down)

    @property
    def unfounded_share(self) -> Decimal | None:
        return _percent(self.unfounded, self.decided)

    def __add__(self, other: "Figures") -> "Figures":
        return Figures(
            self.decided + other.decided,
            self.taken_down + other.taken_down,
            self.overturned + other.overturned,
            self.unfounded + other.unfounded,
        )

    def as_dict(self) -> dict:
        """Plain JSON (stored with the standing and each sanction, sent in notifications)."""
        rate = self.takedown_rate
        over = self.overturned_rate
        share = self.unfounded_share
        return {
            "decided": self.decided,
            "taken_down": self.taken_down,
            "overturned": self.overturned,
            "unfounded": self.unfounded,
            "takedown_rate": None if rate is None else str(rate),
            "overturned_rate": None if over is None else str(over),
            "unfounded_share": None if share is None else str(share),
        }


@dataclass(frozen=True)
class Accuracy:
    """An account's figures over the window, overall and per complaint reason."""

    overall: Figures
    by_reason: dict[str, Figures]
    window_days: int
    since: datetime
    until: datetime

    def reasons(self) -> list[tuple[str, str, Figures]]:
        """(reason, its label, figures) for each reason with decided URLs, in label order."""
        rows = [(r, str(ComplaintReason(r).label), f) for r, f in self.by_reason.items()]
        return sorted(rows, key=lambda row: row[1])

    def as_dict(self) -> dict:
        return {
            "window_days": self.window_days,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            **self.overall.as_dict(),
            "by_reason": {r: f.as_dict() for r, f in sorted(self.by_reason.items())},
        }


def _decided_items(account_ids, since: datetime, until: datetime) -> QuerySet:
    return ComplaintItem.objects.filter(
        complaint__complainant_id__in=account_ids,
        status__in=DECIDED_STATUSES,
        decided_at__gt=since,
        decided_at__lte=until,
    )


def _counts() -> dict:
    """The four counts, as aggregate expressions over decided items."""
    return {
        "decided": Count("pk"),
        "taken_down": Count("pk", filter=Q(status__in=TAKEN_DOWN_STATUSES)),
        "overturned": Count(
            "pk", filter=Q(status=ItemStatus.RESTORED, outcome__in=OVERTURNED_OUTCOMES)
        ),
        "unfounded": Count(
            "pk", filter=Q(status=ItemStatus.REJECTED, rejection_reason__in=unfounded_reasons())
        ),
    }


def _counted(items: QuerySet, *group: str) -> QuerySet:
    return items.values(*group).annotate(**_counts()).order_by()


def _figures(row: dict) -> Figures:
    return Figures(row["decided"], row["taken_down"], row["overturned"], row["unfounded"])


def accuracy_by_account(account_ids, now: datetime | None = None) -> dict[int, Accuracy]:
    """Every account's accuracy over the window ending `now`: one grouped query. Accounts with
    nothing decided get zero figures."""
    until = now or timezone.now()
    days = window_days()
    since = until - timedelta(days=days)
    ids = list(account_ids)
    grouped: dict[int, dict[str, Figures]] = {pk: {} for pk in ids}
    rows = _counted(
        _decided_items(ids, since, until), "complaint__complainant_id", "complaint__reason"
    )
    for row in rows:
        grouped[row["complaint__complainant_id"]][row["complaint__reason"]] = _figures(row)
    return {
        pk: Accuracy(sum(by.values(), Figures()), by, days, since, until)
        for pk, by in grouped.items()
    }


def accuracy_for(account: User, now: datetime | None = None) -> Accuracy:
    """The account's own accuracy (the "Your accuracy" page and its API): one query."""
    return accuracy_by_account([account.pk], now)[account.pk]


# --- the good-faith tier ------------------------------------------------------------------------
def _meets(figures: Figures, takedown: int, overturned: int) -> bool:
    """Exact comparison on the counts (no rounding): at the threshold passes."""
    if not figures.decided:
        return False
    return (
        100 * figures.taken_down >= takedown * figures.decided
        and 100 * figures.overturned <= overturned * figures.taken_down
    )


def qualifies(accuracy: Accuracy) -> bool | None:
    """True: the figures meet the tier's thresholds; False: they fall below; None: too few
    decided URLs to judge (a member stays, a non-member cannot join)."""
    overall = accuracy.overall
    if overall.decided < min_decided():
        return None
    if not _meets(overall, min_takedown_rate(), max_overturned_rate()):
        return False
    for reason, limits in reason_thresholds().items():
        figures = accuracy.by_reason.get(reason, Figures())
        if figures.decided < limits.get("min_decided", min_decided()):
            continue
        takedown = limits.get("min_takedown_rate", min_takedown_rate())
        overturned = limits.get("max_overturned_rate", max_overturned_rate())
        if not _meets(figures, takedown, overturned):
            return False
    return True


def is_good_faith(account: User | None) -> bool:
    """Whether the account is a good-faith notifier now (one query, or none when this request's
    filing check has read it already: accounts.selectors._sole_account_state)."""
    if account is None or not account.is_authenticated:
        return False
    known = getattr(account, "good_faith_now", None)
    if known is not None:
        return bool(known)
    return NotifierStanding.objects.filter(account=account, good_faith=True).exists()


def queue_priority(account: User | None) -> int:
    """Where a complaint this account submits now stands in the reviewers' queue."""
    return QueuePriority.GOOD_FAITH if is_good_faith(account) else QueuePriority.STANDARD


# --- the misuse policy --------------------------------------------------------------------------
def _passes_misuse(figures: Figures) -> bool:
    return (
        figures.unfounded >= misuse_min_unfounded()
        and 100 * figures.unfounded >= misuse_min_share() * figures.decided
    )


def _baseline(sanctions: list[NotifierSanction], now: datetime) -> datetime | None:
    """Only URLs decided after this moment count towards the next step: after the last warning
    or suspension imposed (a suspension: after its end), or after one lifted on appeal."""
    moments: list[datetime] = []
    for s in sanctions:
        if s.status == SanctionStatus.LIFTED and s.lifted_at:
            moments.append(s.lifted_at)
        elif s.kind == SanctionKind.SUSPENSION:
            moments.append(min(s.ends_at or s.created_at, now))
        else:
            moments.append(s.created_at)
    return max(moments) if moments else None


@dataclass(frozen=True)
class MisuseStep:
    kind: str  # SanctionKind
    figures: Figures
    since: datetime


def misuse_step(
    account_id: int, accuracy: Accuracy, sanctions: list[NotifierSanction], now: datetime
) -> MisuseStep | None:
    """The next step of the policy for this account now, or None. `accuracy`: its figures of
    the day (reused when the misuse window is the accuracy window and nothing was imposed
    before); `sanctions`: its sanctions of the last `warning_valid()` (any status). A warning
    first; with a warning in force, a suspension when the URLs decided since pass the thresholds
    again; nothing while a suspension runs."""
    days = misuse_window_days()
    if days <= accuracy.window_days and accuracy.overall.unfounded < misuse_min_unfounded():
        return None  # fewer unfounded URLs in a wider window: none can pass
    if any(
        s.kind == SanctionKind.SUSPENSION
        and s.status == SanctionStatus.ACTIVE
        and s.ends_at is not None
        and s.ends_at > now
        for s in sanctions
    ):
        return None
    since = now - timedelta(days=days)
    baseline = _baseline(sanctions, now)
    warned = any(
        s.kind == SanctionKind.WARNING
        and s.status == SanctionStatus.ACTIVE
        and s.created_at > now - warning_valid()
        for s in sanctions
    )
    if baseline is not None and baseline > since:
        since = baseline
    if since == accuracy.since and now == accuracy.until:
        figures = accuracy.overall
    else:
        figures = _figures(_decided_items([account_id], since, now).aggregate(**_counts()))
    if not _passes_misuse(figures):
        return None
    return MisuseStep(SanctionKind.SUSPENSION if warned else SanctionKind.WARNING, figures, since)


def _misuse_reason(step: MisuseStep, until: datetime | None = None) -> str:
    params = {
        "n": step.figures.unfounded,
        "decided": step.figures.decided,
        "share": step.figures.unfounded_share,
        "since": step.since.date().isoformat(),
        "min_n": misuse_min_unfounded(),
        "min_share": misuse_min_share(),
    }
    if step.kind == SanctionKind.WARNING:
        return (
            _(
                "Since %(since)s, %(n)s of the %(decided)s URLs of yours that reviewers decided "
                "(%(share)s%%) were rejected as manifestly unfounded. The notice misuse policy "
                "warns a notifier at %(min_n)s such URLs making at least %(min_share)s%% of the "
                "decided ones; if it happens again, filing is suspended."
            )
            % params
        )
    return _(
        "After a warning, %(n)s of the %(decided)s URLs of yours decided since %(since)s "
        "(%(share)s%%) were again rejected as manifestly unfounded. Under the notice misuse "
        "policy, filing is suspended until %(until)s."
    ) % {**params, "until": until.date().isoformat() if until else ""}


# --- the daily run ------------------------------------------------------------------------------
def accounts_to_refresh(now: datetime | None = None) -> list[int]:
    """Ids of the accounts the daily run has still to do today, in id order: every account with
    a URL decided in the window or a standing row, less those already done today."""
    now = now or timezone.now()
    since = now - timedelta(days=max(window_days(), misuse_window_days()))
    today = timezone.localdate(now)
    decided = Complaint.objects.filter(
        complainant__isnull=False,
        items__decided_at__gt=since,
        items__status__in=DECIDED_STATUSES,
    ).values_list("complainant_id", flat=True)
    known = NotifierStanding.objects.values_list("account_id", flat=True)
    done = set(
        NotifierStanding.objects.filter(computed_on=today).values_list("account_id", flat=True)
    )
    return sorted((set(decided) | set(known)) - done)


def refresh_standings(*, account_ids: list[int], now: datetime | None = None) -> int:
    """Compute and apply the figures, tier and misuse policy for these accounts (one batch, one
    transaction). Idempotent per day: an account whose standing was computed today is skipped
    (its row is locked first, so two runs at once do not both act). Returns the accounts done."""
    now = now or timezone.now()
    with transaction.atomic():
        accuracy = accuracy_by_account(account_ids, now)
        sanctions: dict[int, list[NotifierSanction]] = {pk: [] for pk in account_ids}
        for s in NotifierSanction.objects.filter(
            account_id__in=account_ids, created_at__gt=now - warning_valid()
        ):
            sanctions[s.account_id].append(s)
        done = 0
        for pk in account_ids:
            done += _refresh_one(pk, accuracy[pk], sanctions[pk], now)
    return done


def _refresh_one(
    account_id: int, accuracy: Accuracy, sanctions: list[NotifierSanction], now: datetime
) -> int:
    standing = standing_services.lock_standing(account_id=account_id)
    if standing.computed_on == timezone.localdate(now):
        return 0
    figures = accuracy.as_dict()
    standing_services.record_figures(standing=standing, figures=figures, now=now)
    verdict = qualifies(accuracy)
    if verdict is True and not standing.good_faith:
        standing_services.join_good_faith(standing=standing, figures=figures, now=now)
    elif verdict is False and standing.good_faith:
        standing_services.leave_good_faith(
            standing=standing, figures=figures, now=now, rejoin_after=now + rejoin_wait()
        )
    step = misuse_step(account_id, accuracy, sanctions, now)
    if step is not None:
        ends_at = now + suspension_length() if step.kind == SanctionKind.SUSPENSION else None
        standing_services.impose_sanction(
            account_id=account_id,
            kind=step.kind,
            figures={**step.figures.as_dict(), "since": step.since.isoformat()},
            reason=_misuse_reason(step, ends_at),
            now=now,
            ends_at=ends_at,
        )
    return 1


def expire_due_sanctions(now: datetime | None = None) -> int:
    """Suspensions whose period is over and warnings past their validity become expired."""
    return standing_services.expire_sanctions(
        now=now or timezone.now(), warning_valid=warning_valid()
    )


# --- what reviewers see beside a complaint -------------------------------------------------------
def with_notifier_figures(complaints: QuerySet) -> QuerySet:
    """The complainant's stored daily figures and tier joined into a complaint query (the
    reviewers' queue): no query per row."""
    standing = "complainant__standing__"
    return complaints.annotate(
        notifier_good_faith=F(f"{standing}good_faith"),
        notifier_takedown_rate=F(f"{standing}takedown_rate"),
        notifier_overturned_rate=F(f"{standing}overturned_rate"),
        notifier_decided=F(f"{standing}decided"),
    )


def standing_of(account: User | None) -> NotifierStanding | None:
    """The account's standing row (from select_related when loaded so), or None."""
    if account is None:
        return None
    try:
        return account.standing
    except NotifierStanding.DoesNotExist:
        return None


# --- what the account and the published policy show ----------------------------------------------
def policy_numbers() -> dict:
    """Every number of the tier and the misuse policy, as the policy page, the accuracy page
    and the API state them (from the settings in force)."""
    return {
        "window_days": window_days(),
        "good_faith": {
            "min_takedown_rate": min_takedown_rate(),
            "max_overturned_rate": max_overturned_rate(),
            "min_decided": min_decided(),
            "rejoin_wait_days": rejoin_wait().days,
            "per_reason": reason_thresholds(),
        },
        "misuse": {
            "unfounded_reasons": list(unfounded_reasons()),
            "window_days": misuse_window_days(),
            "min_unfounded": misuse_min_unfounded(),
            "min_unfounded_share": misuse_min_share(),
            "warning_valid_days": warning_valid().days,
            "suspension_days": suspension_length().days,
        },
    }


def unfounded_reason_labels() -> list[str]:
    return [str(ItemRejectionReason(r).label) for r in unfounded_reasons()]


@dataclass(frozen=True)
class AccountStanding:
    """What a rights owner sees of its own standing: live figures, the stored tier, its
    sanctions and the numbers in force."""

    accuracy: Accuracy
    standing: NotifierStanding | None
    sanctions: list[NotifierSanction]
    suspended_until: datetime | None
    numbers: dict

    @property
    def good_faith(self) -> bool:
        return bool(self.standing and self.standing.good_faith)


def account_standing(actor: User) -> AccountStanding:
    """The "Your accuracy" page and its API: rights owners only (404 for anyone else); three
    queries whatever the number of URLs."""
    if not actor.is_authenticated or not is_rights_owner(actor):
        raise Http404
    now = timezone.now()
    sanctions = list(NotifierSanction.objects.filter(account=actor).order_by("-created_at")[:20])
    suspended = [
        s.ends_at
        for s in sanctions
        if s.kind == SanctionKind.SUSPENSION
        and s.status == SanctionStatus.ACTIVE
        and s.ends_at is not None
        and s.ends_at > now
    ]
    return AccountStanding(
        accuracy=accuracy_for(actor, now),
        standing=NotifierStanding.objects.filter(account=actor).first(),
        sanctions=sanctions,
        suspended_until=max(suspended) if suspended else None,
        numbers=policy_numbers(),
    )
