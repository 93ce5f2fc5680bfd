"""The review policies as typed code: penalty points per platform and the answer windows.

The values below are the defaults. `settings.IPP["PENALTY_POLICY"]` and
`settings.IPP["REVIEW_WINDOWS"]` may override values only (a settings dict is merged over the
dataclass with `dataclasses.replace`, so an unknown key is an error, not a new rule).
Everything else reads the policy through `penalty_policy(platform)` and `window_days(kind,
platform)`."""

from dataclasses import dataclass, field, fields, replace
from datetime import timedelta
from typing import Any

from django.conf import settings

from ipr.models import IPRKind

DEFAULT = "default"

# A DMCA notice names no registered IPR; for penalties it counts as a copyright complaint (the
# DMCA covers copyright only), so it merges and counts like one.
DMCA_NOTICE_KIND = IPRKind.COPYRIGHT


def complaint_kind(ipr_kind: str | None) -> str:
    """The IPR kind a complaint counts as for penalties: its IPR's kind, or copyright for a DMCA
    notice (which has no IPR)."""
    return ipr_kind if ipr_kind is not None else DMCA_NOTICE_KIND


@dataclass(frozen=True)
class TerminateSerious:
    """Serious infringements that terminate a store: `per_ipr` on one IPR or `total` in all
    (None: no such rule)."""

    per_ipr: int | None = None
    total: int | None = None


@dataclass(frozen=True)
class PenaltyPolicy:
    """Penalty points per seller per platform, from final upheld takedowns only.

    `points`: per complaint reason, with `default` for the others. Successful complaints of one
    rights owner against one seller within `merge_window_days` count once; `per_owner_kinds`:
    IPR kinds whose points count per rights owner whatever the right or work (Alibaba.com and
    AliExpress copyright, FAQ 2019). Points a day are capped at `daily_cap`; `thresholds` map
    totals to sanctions (ascending). `record_days`: entries older than this no longer count
    (None: forever). `serious_reasons` with `terminate_serious`: the termination rule."""

    points: dict[str, int] = field(
        default_factory=lambda: {"default": 2, "counterfeit": 6, "copyright_pirated": 6}
    )
    merge_window_days: int = 3
    per_owner_kinds: tuple[str, ...] = ()
    daily_cap: int = 6
    thresholds: tuple[tuple[int, str], ...] = (
        (6, "warning"),
        (12, "restricted_7"),
        (24, "restricted_14"),
        (36, "restricted_21"),
        (48, "terminated"),
    )
    record_days: int | None = None
    serious_reasons: tuple[str, ...] = ()
    terminate_serious: TerminateSerious = TerminateSerious()

    def points_for(self, reason: str) -> int:
        return self.points.get(reason, self.points[DEFAULT])


PENALTY_POLICIES: dict[str, PenaltyPolicy] = {
    DEFAULT: PenaltyPolicy(),
    # Alibaba.com: three serious infringements on one IPR, or four in all, terminate.
    "alibaba": PenaltyPolicy(
        per_owner_kinds=(IPRKind.COPYRIGHT,),
        serious_reasons=("counterfeit", "copyright_pirated"),
        terminate_serious=TerminateSerious(per_ipr=3, total=4),
    ),
    # AliExpress: violations stay on record for 365 days; three serious ones close the store.
    "aliexpress": PenaltyPolicy(
        per_owner_kinds=(IPRKind.COPYRIGHT,),
        record_days=365,
        serious_reasons=("counterfeit", "copyright_pirated"),
        terminate_serious=TerminateSerious(total=3),
    ),
}


@dataclass(frozen=True)
class WindowPolicy:
    """Answer windows in working days: the seller's counter-notice chances and the complainant's
    answer to a counter-notice.

    `seller_counter_notice`: the first chance, opened by the takedown notice (3 working days on
    Alibaba.com). `later_counter_notices`: one window per further chance, each opened when the
    chance before ended against the seller (window lapsed or counter-notice rejected); Alibaba.com
    gives a second and a third chance of 27 working days each (30 before 20 January 2022)."""

    seller_counter_notice: int = 3
    later_counter_notices: tuple[int, ...] = (27, 27)
    complainant_answer: int = 3

    @property
    def counter_notice_rounds(self) -> tuple[int, ...]:
        """Working days of each chance, first to last: (3, 27, 27) by default."""
        return (self.seller_counter_notice, *self.later_counter_notices)

    def counter_notice_days(self, round: int) -> int:
        return self.counter_notice_rounds[round - 1]


# Every platform gives three chances by default: Alibaba.com publishes its three windows; the
# others publish none of their own, so the portal applies the same (see the README's table).
# A platform giving one chance only sets `later_counter_notices` to () in settings.
WINDOW_POLICIES: dict[str, WindowPolicy] = {DEFAULT: WindowPolicy()}


def _overrides(name: str) -> dict[str, Any]:
    """settings.IPP[name]: {"default": {...}, "<platform>": {...}} of values over the code's."""
    value: Any = settings.IPP.get(name)
    return dict(value) if value else {}


def _coerce_penalty(values: dict[str, Any]) -> dict[str, Any]:
    out = dict(values)
    if isinstance(out.get("terminate_serious"), dict):
        out["terminate_serious"] = TerminateSerious(**out["terminate_serious"])
    for name in ("per_owner_kinds", "serious_reasons"):
        if name in out:
            out[name] = tuple(out[name])
    if "thresholds" in out:
        out["thresholds"] = tuple((int(p), str(s)) for p, s in out["thresholds"])
    return out


def penalty_policy(platform: str) -> PenaltyPolicy:
    """The platform's policy: the default policy with the settings' default values over it, then
    what the platform's policy in code sets differently, then the settings' platform values."""
    default = PENALTY_POLICIES[DEFAULT]
    config = _overrides("PENALTY_POLICY")
    own = PENALTY_POLICIES.get(platform)
    own_values = (
        {f.name: getattr(own, f.name) for f in fields(own)}
        if own is not None and platform != DEFAULT
        else {}
    )
    own_values = {k: v for k, v in own_values.items() if v != getattr(default, k)}
    policy = replace(default, **_coerce_penalty(config.get(DEFAULT) or {}))
    return replace(policy, **{**own_values, **_coerce_penalty(config.get(platform) or {})})


def window_policy(platform: str) -> WindowPolicy:
    """The platform's windows: code defaults, overridden per kind by settings' `REVIEW_WINDOWS`
    ({kind: {"default": days, platform: days}}). Besides the `WindowPolicy` fields,
    "counter_notice_rounds" gives every chance at once ({"alibaba": [3, 27, 27]}); a
    "seller_counter_notice" value still sets the first chance over it."""
    base = WINDOW_POLICIES.get(platform, WINDOW_POLICIES[DEFAULT])
    config = _overrides("REVIEW_WINDOWS")
    overrides: dict[str, Any] = {}
    for kind, days in config.items():
        value = days.get(platform, days.get(DEFAULT))
        if value is None:
            continue
        if kind == "counter_notice_rounds":
            rounds = [int(v) for v in value]
            overrides.setdefault("seller_counter_notice", rounds[0])
            overrides["later_counter_notices"] = tuple(rounds[1:])
        elif kind == "later_counter_notices":
            overrides[kind] = tuple(int(v) for v in value)
        else:
            overrides[kind] = int(value)
    if "seller_counter_notice" in config:
        value = config["seller_counter_notice"]
        first = value.get(platform, value.get(DEFAULT))
        if first is not None:
            overrides["seller_counter_notice"] = int(first)
    return replace(base, **overrides) if overrides else base


def window_days(kind: str, platform: str, round: int = 1) -> int:
    """Working days the party has to answer, for a `DeadlineKind` on a platform (the seller's
    window: of chance `round`)."""
    policy = window_policy(platform)
    if str(kind) == "seller_counter_notice":
        return policy.counter_notice_days(round)
    return int(getattr(policy, str(kind)))


def counter_notice_chances(platform: str) -> int:
    """How many counter-notice chances a seller has per taken-down listing on a platform."""
    return len(window_policy(platform).counter_notice_rounds)


@dataclass(frozen=True)
class DecisionPolicy:
    """Deciding complained URLs in bulk. `undo_minutes`: how long after accepting a URL (the
    takedown) the reviewer who accepted it may undo the decision; `max_batch`: the most URLs one
    decision may name (a complaint holds at most 200)."""

    undo_minutes: int = 10
    max_batch: int = 200


def decision_policy() -> DecisionPolicy:
    """The code's values with `settings.IPP["REVIEW_DECISIONS"]` ({"undo_minutes": 5}) over
    them (values only: an unknown key is an error)."""
    return replace(DecisionPolicy(), **_overrides("REVIEW_DECISIONS"))


def undo_window() -> timedelta:
    return timedelta(minutes=decision_policy().undo_minutes)


# The appeal window (DSA Art. 20: at least six months after the decision), a setting:
# IPP["APPEAL_WINDOW_DAYS"]. The appeals app applies it; the help pages state it.
DEFAULT_APPEAL_WINDOW_DAYS = 183


def appeal_window() -> timedelta:
    days: Any = settings.IPP.get("APPEAL_WINDOW_DAYS", DEFAULT_APPEAL_WINDOW_DAYS)
    return timedelta(days=int(days))
