"""What each party may see of a complaint: the one rule every face uses.

The page, the API (detail, items, timeline), the progress JSON, the CSV export, seller emails and
notifications all ask `sight_of(actor, complaint)` (or `see_complaint(actor, pk)`) and show only
what the returned `ComplaintSight` allows:

- the complainant and reviewers see the whole complaint: every URL, its decision and the reason,
  the evidence, the counts and progress;
- a seller sees only its own URLs once a reviewer accepted them (the takedown notice went out),
  with what it needs to answer: the complaint's reason and description, the proof, the IPR's
  registration, and of the complainant's person only a name and a contact email;
- nobody else sees that the complaint exists (404, never 403).
"""

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.db.models import Q, QuerySet
from django.http import Http404

from accounts.models import User
from accounts.permissions import is_reviewer, is_seller
from core.models import AuditEvent, Document

from .models import Complaint, ComplaintItem, DmcaNotice, ItemStatus

# URLs a seller is told about: those a reviewer accepted (a takedown notice was sent), and what
# became of them afterwards. A URL withdrawn before any decision was never shown to the seller.
SELLER_VISIBLE_ITEM_STATUSES = (
    ItemStatus.ACCEPTED,
    ItemStatus.UPHELD,
    ItemStatus.RESTORED,
    ItemStatus.WITHDRAWN,
)

# Complaint-level events a seller may see on the timeline; the rest (drafts, URL checking with its
# counts, claims, penalties) is the complainant's and the reviewers' business.
SELLER_COMPLAINT_EVENTS = (
    "complaint.submitted",
    "complaint.in_review",
    "complaint.processed",
    "complaint.closed",
    "complaint.withdrawn",
)
REVIEWER_ONLY_EVENT_PREFIXES = ("claim.", "penalty.")


class Party(StrEnum):
    COMPLAINANT = "complainant"
    REVIEWER = "reviewer"
    SELLER = "seller"


def seller_visible_items(seller_account: User) -> QuerySet:
    """Every complaint URL the seller account may see, across complaints."""
    return ComplaintItem.objects.filter(
        seller__account=seller_account,
        status__in=SELLER_VISIBLE_ITEM_STATUSES,
        decided_at__isnull=False,
    )


@dataclass(frozen=True)
class ComplaintSight:
    """One viewer's view of one complaint."""

    complaint: Complaint
    party: Party
    viewer: User

    @property
    def whole(self) -> bool:
        """Every URL, the counts, the progress and the validation errors."""
        return self.party is not Party.SELLER

    @property
    def is_reviewer(self) -> bool:
        return self.party is Party.REVIEWER

    @property
    def is_complainant(self) -> bool:
        return self.party is Party.COMPLAINANT

    def items(self) -> QuerySet:
        qs = self.complaint.items.all()
        if not self.whole:
            qs = qs.filter(
                seller__account=self.viewer,
                status__in=SELLER_VISIBLE_ITEM_STATUSES,
                decided_at__isnull=False,
            )
        return qs

    def listed_items(self) -> QuerySet:
        """The visible URLs with what every face shows of them, in line order."""
        return (
            self.items()
            .select_related("catalogue_listing", "seller")
            # Every counter-notice round of the page's URLs in one query (ordered by round).
            .prefetch_related("counter_notices")
            .order_by("line")
        )

    def item(self, pk: int) -> ComplaintItem:
        item = self.listed_items().filter(pk=pk).first()
        if item is None:
            raise Http404
        return item

    def evidence(self) -> QuerySet:
        """The proof filed with the complaint: every party that sees the complaint sees it."""
        return self.complaint.evidence.all()

    def complainant_contact(self) -> dict[str, str]:
        return complainant_contact(self.complaint)

    def timeline(self) -> QuerySet:
        """The complaint's own events and those of the URLs this viewer sees, oldest first."""
        complaint_events = Q(target_type="complaints.complaint", target_id=str(self.complaint.pk))
        if not self.whole:
            complaint_events &= Q(action__in=SELLER_COMPLAINT_EVENTS)
        ids = [str(pk) for pk in self.items().values_list("pk", flat=True)]
        qs = AuditEvent.objects.filter(
            complaint_events | Q(target_type="complaints.complaintitem", target_id__in=ids)
        ).select_related("actor")
        if not self.is_reviewer:
            for prefix in REVIEWER_ONLY_EVENT_PREFIXES:
                qs = qs.exclude(action__startswith=prefix)
        return qs.order_by("created_at", "id")


def complainant_contact(complaint: Complaint) -> dict[str, str]:
    """What a seller may know of the complainant: a name and a contact email, nothing else."""
    user = complaint.complainant
    dmca = getattr(complaint, "dmca", None) if user is None else None
    return _contact(
        {
            "complainant_id": complaint.complainant_id,
            "complainant__complainant_name": user.complainant_name if user else "",
            "complainant__email": user.email if user else "",
            "complainant__contact_email": user.contact_email if user else "",
            "dmca__rights_owner_name": dmca.rights_owner_name if dmca else None,
            "dmca__notifier_name": dmca.notifier_name if dmca else None,
            "dmca__notifier_email": dmca.notifier_email if dmca else None,
        }
    )


_CONTACT_VALUES = (
    "complainant_id",
    "complainant__complainant_name",
    "complainant__email",
    "complainant__contact_email",
    "dmca__rights_owner_name",
    "dmca__notifier_name",
    "dmca__notifier_email",
)


def complainant_contacts(complaint_ids) -> dict[int, dict[str, str]]:
    """`complainant_contact` of many complaints in one query of plain values (a seller's list).
    Written in SQL: the ORM's joins and its preparing of each of a page's fifty ids cost the
    seller's page more than its own list query."""
    ids = sorted({int(pk) for pk in complaint_ids})
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(_contacts_sql(len(ids)), ids)
        rows = cursor.fetchall()
    return {pk: _contact(dict(zip(_CONTACT_VALUES, values, strict=True))) for pk, *values in rows}


def _contacts_sql(count: int) -> str:
    """The SELECT of `complainant_contacts`: the complaint's id, then _CONTACT_VALUES in order."""
    user, dmca = User._meta, DmcaNotice._meta

    def col(meta, name: str) -> str:
        return connection.ops.quote_name(meta.get_field(name).column)

    return (
        f"SELECT c.id, c.{col(Complaint._meta, 'complainant')}, u.{col(user, 'complainant_name')}, "  # noqa: S608
        f"u.{col(user, 'email')}, u.{col(user, 'contact_email')}, "
        f"d.{col(dmca, 'rights_owner_name')}, d.{col(dmca, 'notifier_name')}, "
        f"d.{col(dmca, 'notifier_email')} FROM {Complaint._meta.db_table} c "
        f"LEFT JOIN {user.db_table} u ON u.id = c.{col(Complaint._meta, 'complainant')} "
        f"LEFT JOIN {dmca.db_table} d ON d.{col(dmca, 'complaint')} = c.id "
        f"WHERE c.id IN ({', '.join(['%s'] * count)})"
    )


def _contact(row: dict) -> dict[str, str]:
    if row["complainant_id"] is not None:
        return {
            "name": row["complainant__complainant_name"] or row["complainant__email"],
            "email": row["complainant__contact_email"] or row["complainant__email"],
        }
    if row["dmca__notifier_email"] is not None:
        return {
            "name": row["dmca__rights_owner_name"] or row["dmca__notifier_name"],
            "email": row["dmca__notifier_email"],
        }
    return {"name": "", "email": ""}


def sight_of(actor: User | AnonymousUser, complaint: Complaint) -> ComplaintSight | None:
    """The viewer's sight of the complaint, or None when it may not know the complaint exists."""
    if not actor.is_authenticated:
        return None
    assert isinstance(actor, User)
    if complaint.complainant_id == actor.pk:
        return ComplaintSight(complaint, Party.COMPLAINANT, actor)
    if is_reviewer(actor):
        return ComplaintSight(complaint, Party.REVIEWER, actor)
    if is_seller(actor):
        sight = ComplaintSight(complaint, Party.SELLER, actor)
        if sight.items().exists():
            return sight
    return None


def see_complaint(actor: User | AnonymousUser, pk: int) -> ComplaintSight:
    """The complaint as the actor may see it; 404 for anyone who may not see it at all."""
    complaint = Complaint.objects.select_related("ipr", "complainant").filter(pk=pk).first()
    sight = sight_of(actor, complaint) if complaint is not None else None
    if sight is None:
        raise Http404
    return sight


def may_read_complaint_evidence(user: User, document: Document) -> bool:
    """A seller reads the proof of a complaint about one of its own accepted listings."""
    if not user.is_authenticated:
        return False
    return Complaint.objects.filter(
        evidence=document, items__in=seller_visible_items(user)
    ).exists()
