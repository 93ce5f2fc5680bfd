"""What may be appealed, by whom, and what each party sees of an appeal: the one rule every face
(pages, API, notifications) uses.

Who may appeal: exactly the party the decision went against, found through the apps' own
selectors: the complainant of a rejected URL (complaints.visibility), the seller of a takedown
that became final (reviews.selectors.access_seller_item, the seller visibility rule), the owner
of a failed IPR, the account of a rejected identity submission, the account a misuse sanction
was imposed on. Anyone who may not know the decision exists gets 404; a party that sees it but
is not the one it went against (a reviewer, the other side) gets 403 with a reason.

What each party sees of an appeal:
- the appellant and reviewers: everything (statement, evidence, the first decision and its
  reasons, the answer);
- the other party (the complainant of a takedown the seller appeals; the seller once a granted
  appeal took its listing down): the subject, the status and the reasoned answer, and of the
  appellant only a name and a contact email (a seller's store name), never the statement or
  the evidence;
- nobody else: 404.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from accounts.models import (
    IdentityRejectionReason,
    IdentitySubmission,
    NotifierSanction,
    SanctionStatus,
    SubmissionStatus,
    User,
)
from accounts.permissions import is_reviewer
from accounts.selectors import access_identity_submission
from complaints.models import ComplaintItem, ComplaintStatus, ItemOutcome, ItemStatus
from complaints.visibility import SELLER_VISIBLE_ITEM_STATUSES, complainant_contact, sight_of
from core.errors import TransitionError
from ipr.models import IPR, IPRStatus
from ipr.selectors import access_ipr
from reviews.models import CounterNotice
from reviews.policy import appeal_window
from reviews.selectors import access_seller_item

from .models import Appeal, AppealKind, AppealStatus

APPEALS_PAGE = 50


@dataclass(frozen=True)
class Decision:
    """The decision an appeal is against: when, by whom (None: the portal's own rule), why."""

    at: datetime
    decider: User | None
    summary: str


def _when(*moments: datetime | None) -> datetime:
    """The first known time of the decision (every decided row has one)."""
    return next(m for m in moments if m is not None)


def _not_entitled(message: str):
    return PermissionDenied(message)


# --- what may be appealed ----------------------------------------------------------------------
def _rejected_url(actor: User, pk: int) -> tuple[ComplaintItem, Decision]:
    item = (
        ComplaintItem.objects.select_related("complaint", "decided_by", "catalogue_listing")
        .filter(pk=pk)
        .first()
    )
    sight = sight_of(actor, item.complaint) if item is not None else None
    if item is None or sight is None or not sight.items().filter(pk=item.pk).exists():
        raise Http404
    if not sight.is_complainant:
        raise _not_entitled(_("Only the complainant can appeal the rejection of a URL."))
    if item.status != ItemStatus.REJECTED:
        raise TransitionError(
            _("Only a rejected URL can be appealed; this one is %(status)s.")
            % {"status": item.get_status_display().lower()},
            code="not_appealable",
        )
    if item.complaint.status == ComplaintStatus.WITHDRAWN:
        raise TransitionError(
            _("You withdrew this complaint: its URLs can no longer be appealed."),
            code="not_appealable",
        )
    reason = item.get_rejection_reason_display()
    summary = f"{reason}. {item.decision_note}".strip() if item.decision_note else reason
    return item, Decision(_when(item.decided_at), item.decided_by, summary)


def _takedown(actor: User, pk: int) -> tuple[ComplaintItem, Decision]:
    item = access_seller_item(actor, pk)  # 404 for anyone but the listing's seller
    if item.status != ItemStatus.UPHELD:
        raise TransitionError(
            _("Only a takedown that became final can be appealed; this one is %(status)s.")
            % {"status": item.get_status_display().lower()},
            code="not_appealable",
        )
    # The last reviewer who decided against the seller: the one who rejected its counter-notice,
    # else the one who accepted the URL.
    notice = (
        CounterNotice.objects.filter(item=item, decided_by__isnull=False)
        .select_related("decided_by")
        .order_by("-decided_at", "-pk")
        .first()
    )
    decider = notice.decided_by if notice is not None else item.decided_by
    outcome = ItemOutcome(item.outcome).label if item.outcome else ""
    summary = f"{outcome}. {notice.decision_note}" if notice and notice.decision_note else outcome
    return item, Decision(_when(item.closed_at, item.decided_at), decider, str(summary))


def _ipr(actor: User, pk: int) -> tuple[IPR, Decision]:
    ipr = access_ipr(actor, pk)
    if ipr.owner_id != actor.pk:
        raise _not_entitled(_("Only the IPR's owner can appeal its rejection."))
    if ipr.status != IPRStatus.FAILED:
        raise TransitionError(
            _("Only a failed IPR authentication can be appealed; this IPR is %(status)s.")
            % {"status": ipr.get_status_display().lower()},
            code="not_appealable",
        )
    return ipr, Decision(_when(ipr.decided_at, ipr.updated_at), ipr.decided_by, ipr.reason_text)


def _identity(actor: User, pk: int) -> tuple[IdentitySubmission, Decision]:
    submission = access_identity_submission(actor, pk)
    if submission.account_id != actor.pk:
        raise _not_entitled(_("Only the account that submitted it can appeal this decision."))
    if submission.status != SubmissionStatus.REJECTED:
        raise TransitionError(
            _("Only a rejected identity submission can be appealed; this one is %(status)s.")
            % {"status": submission.get_status_display().lower()},
            code="not_appealable",
        )
    label = IdentityRejectionReason(submission.rejection_reason).label
    note = submission.rejection_note
    summary = f"{label}. {note}" if note else str(label)
    return submission, Decision(
        _when(submission.decided_at, submission.submitted_at), submission.reviewer, summary
    )


def _sanction(actor: User, pk: int) -> tuple[NotifierSanction, Decision]:
    sanction = NotifierSanction.objects.filter(pk=pk).first()
    if sanction is None or (sanction.account_id != actor.pk and not is_reviewer(actor)):
        raise Http404
    if sanction.account_id != actor.pk:
        raise _not_entitled(_("Only the account a sanction was imposed on can appeal it."))
    if sanction.status != SanctionStatus.ACTIVE:
        raise TransitionError(
            _("Only an active warning or suspension can be appealed; this one is %(status)s.")
            % {"status": sanction.get_status_display().lower()},
            code="not_appealable",
        )
    summary = f"{sanction.get_kind_display()}. {sanction.reason}".strip()
    return sanction, Decision(sanction.created_at, None, summary)


_SUBJECTS = {
    AppealKind.REJECTED_URL: _rejected_url,
    AppealKind.TAKEDOWN: _takedown,
    AppealKind.IPR_REJECTION: _ipr,
    AppealKind.IDENTITY_REJECTION: _identity,
    AppealKind.SANCTION: _sanction,
}


def appealable(actor: User, kind: str, pk: int) -> tuple[object, Decision]:
    """The decision `actor` wants to appeal, with when and by whom it was taken. Raises 404 (may
    not know it), PermissionDenied (not the party it went against) or TransitionError (nothing
    to appeal any more). The window and one-appeal-per-decision are the service's checks."""
    if not getattr(actor, "is_authenticated", False):
        raise Http404
    if kind not in AppealKind.values:
        raise Http404
    return _SUBJECTS[AppealKind(kind)](actor, pk)


def window_ends(decision: Decision) -> datetime:
    return decision.at + appeal_window()


def existing_appeal(kind: str, subject, decision: Decision) -> Appeal | None:
    """The appeal already filed against this decision (a withdrawn one does not count)."""
    field = {
        AppealKind.REJECTED_URL: "item",
        AppealKind.TAKEDOWN: "item",
        AppealKind.IPR_REJECTION: "ipr",
        AppealKind.IDENTITY_REJECTION: "identity_submission",
        AppealKind.SANCTION: "sanction",
    }[AppealKind(kind)]
    qs = Appeal.objects.filter(kind=kind, **{field: subject}).exclude(status=AppealStatus.WITHDRAWN)
    if kind == AppealKind.IPR_REJECTION:
        qs = qs.filter(decision_at=decision.at)
    return qs.first()


# --- what each party sees ------------------------------------------------------------------------
class AppealParty(StrEnum):
    APPELLANT = "appellant"
    REVIEWER = "reviewer"
    OTHER_PARTY = "other_party"


def _other_party_appeals(user: User) -> Q:
    """Appeals whose other party is `user`: a takedown appealed by the seller, seen by the
    complainant; a rejected URL whose granted appeal took the user's listing down."""
    seller_sees = Q(
        kind=AppealKind.REJECTED_URL,
        status=AppealStatus.GRANTED,
        item__seller__account=user,
        item__status__in=SELLER_VISIBLE_ITEM_STATUSES,
        item__decided_at__isnull=False,
    )
    return Q(kind=AppealKind.TAKEDOWN, item__complaint__complainant=user) | seller_sees


@dataclass(frozen=True)
class AppealSight:
    appeal: Appeal
    party: AppealParty
    viewer: User

    @property
    def is_reviewer(self) -> bool:
        return self.party is AppealParty.REVIEWER

    @property
    def is_appellant(self) -> bool:
        return self.party is AppealParty.APPELLANT

    @property
    def whole(self) -> bool:
        """The statement, the evidence and the first decision's reviewer."""
        return self.party is not AppealParty.OTHER_PARTY

    @property
    def can_withdraw(self) -> bool:
        return self.is_appellant and self.appeal.is_open

    @property
    def is_first_decider(self) -> bool:
        return self.appeal.first_decider_id == self.viewer.pk

    @property
    def can_decide(self) -> bool:
        return self.is_reviewer and self.appeal.is_open and not self.is_first_decider

    def evidence(self) -> list:
        return list(self.appeal.evidence.all()) if self.whole else []

    def appellant_contact(self) -> dict[str, str]:
        """Of the appellant, the other party learns a name and a contact email only."""
        appeal = self.appeal
        if appeal.kind == AppealKind.REJECTED_URL and appeal.item is not None:
            return complainant_contact(appeal.item.complaint)
        if appeal.kind == AppealKind.TAKEDOWN and appeal.item is not None:
            seller = appeal.item.seller
            return {"name": seller.store_name if seller else "", "email": ""}
        user = appeal.appellant
        return {"name": user.complainant_name or user.email, "email": user.contact_email}


def _appeals() -> QuerySet:
    return Appeal.objects.select_related(
        "appellant",
        "first_decider",
        "decided_by",
        "item__complaint__complainant",
        "item__complaint__dmca",
        "item__seller",
        "item__catalogue_listing",
        "ipr",
        "identity_submission",
        "sanction",
    )


def sight_of_appeal(actor, appeal: Appeal) -> AppealSight | None:
    if not getattr(actor, "is_authenticated", False):
        return None
    if appeal.appellant_id == actor.pk:
        return AppealSight(appeal, AppealParty.APPELLANT, actor)
    if is_reviewer(actor):
        return AppealSight(appeal, AppealParty.REVIEWER, actor)
    if Appeal.objects.filter(pk=appeal.pk).filter(_other_party_appeals(actor)).exists():
        return AppealSight(appeal, AppealParty.OTHER_PARTY, actor)
    return None


def access_appeal(actor, pk: int) -> AppealSight:
    """The appeal as the actor may see it; 404 for anyone who may not know it exists."""
    appeal = _appeals().filter(pk=pk).first()
    sight = sight_of_appeal(actor, appeal) if appeal is not None else None
    if sight is None:
        raise Http404
    return sight


def access_appeal_for_review(actor, pk: int) -> AppealSight:
    sight = access_appeal(actor, pk)
    if not sight.is_reviewer:
        raise PermissionDenied(_("Only reviewers can do this."))
    return sight


def appeals_for(actor) -> QuerySet:
    """Every appeal the actor filed or is the other party of, newest first (reviewers: those
    they filed none of; they work the queue). Anonymous: 404."""
    if not getattr(actor, "is_authenticated", False):
        raise Http404
    return (
        _appeals()
        .filter(Q(appellant=actor) | _other_party_appeals(actor))
        .prefetch_related("evidence")
        .order_by("-submitted_at", "-pk")
    )


def listed_sights(actor: User, appeals) -> list[AppealSight]:
    """Sights of rows of `appeals_for(actor)` without a query per row: every row there is the
    actor's own or one the actor is the other party of."""
    return [
        AppealSight(
            appeal,
            AppealParty.APPELLANT if appeal.appellant_id == actor.pk else AppealParty.OTHER_PARTY,
            actor,
        )
        for appeal in appeals
    ]
