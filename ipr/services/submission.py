"""The owner's side: draft, edit, authorization letter, submit, resubmit, renew."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core import audit
from core.documents import attach, check_count
from core.errors import DomainError, TransitionError
from core.models import Document
from core.notify import notify_user

from ..audit_actions import IPRAction
from ..models import IPR, IPRStatus
from ..validation import check_ipr, needs_authorization_letter
from .common import check_may_file, check_owner, check_transition, locked

DATA_FIELDS = (
    "right_owner_name",
    "is_registered",
    "document_type",
    "jurisdiction",
    "office",
    "number",
    "registered_on",
    "expires_on",
    "certificate",
    "mark_word",
    "logo",
    "nice_classes",
    "goods_services",
    "is_madrid",
    "madrid_designation",
    "patent_type",
    "title",
    "evaluation_report",
    "work_title",
    "work_type",
    "content_pages",
    "ownership_statement",
    "authorship_proof",
    "authorization_letter",
    "letter_starts_on",
    "letter_ends_on",
)
DOCUMENT_FIELDS = (
    "certificate",
    "logo",
    "madrid_designation",
    "evaluation_report",
    "content_pages",
    "ownership_statement",
    "authorship_proof",
    "authorization_letter",
)


def _assign(ipr: IPR, data: dict) -> list[str]:
    """Copy known fields from `data`; returns the names that changed."""
    unknown = set(data) - set(DATA_FIELDS)
    if unknown:
        raise DomainError(_("Unknown field: %(name)s.") % {"name": sorted(unknown)[0]})
    changed = []
    for field, value in data.items():
        if isinstance(value, str):
            value = value.strip()
        if getattr(ipr, field) != value:
            setattr(ipr, field, value)
            changed.append(field)
    return changed


def _documents(ipr: IPR, supporting) -> list[Document]:
    docs = [getattr(ipr, f) for f in DOCUMENT_FIELDS] + list(supporting or ())
    check_count(docs)
    return docs


def _audit_data(ipr: IPR, **extra) -> dict:
    return {"kind": ipr.kind, "version": ipr.version, **extra}


def create_ipr(*, owner: User, kind: str, data: dict, supporting=()) -> IPR:
    """A new IPR in draft, fully validated except for the authorization letter (which is
    generated from this data and uploaded afterwards)."""
    check_may_file(owner)
    ipr = IPR(owner=owner, kind=kind, status=IPRStatus.DRAFT)
    _assign(ipr, data)
    check_ipr(ipr, supporting=supporting)
    docs = _documents(ipr, supporting)
    with transaction.atomic():
        ipr.save()
        if supporting:
            ipr.supporting_documents.add(*supporting)
        attach(docs)
        audit.record(
            action=IPRAction.CREATED,
            target=ipr,
            actor=owner,
            to_status=ipr.status,
            data=_audit_data(ipr),
        )
    return ipr


def update_ipr(
    *, ipr: IPR, actor: User, data: dict, supporting=(), action: str = IPRAction.EDITED
) -> IPR:
    """Edit a draft or a failed IPR (the FAQ's "Edit"). New supporting documents are added."""
    with transaction.atomic():
        ipr = locked(ipr)
        check_owner(ipr, actor)
        if not ipr.is_editable:
            raise DomainError(
                _("Only a draft or an IPR whose authentication failed can be edited."),
                code="not_editable",
            )
        changed = _assign(ipr, data)
        check_ipr(ipr, supporting=supporting)
        docs = _documents(ipr, supporting)
        if changed:
            ipr.save(update_fields=[*changed, "updated_at"])
        if supporting:
            ipr.supporting_documents.add(*supporting)
            changed.append("supporting_documents")
        attach(docs)
        audit.record(
            action=action,
            target=ipr,
            actor=actor,
            from_status=ipr.status,
            to_status=ipr.status,
            data=_audit_data(ipr, fields=changed),
        )
    return ipr


def attach_authorization_letter(
    *,
    ipr: IPR,
    actor: User,
    letter: Document,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> IPR:
    """Keep the owner's signed letter and its term on a draft or failed IPR."""
    return update_ipr(
        ipr=ipr,
        actor=actor,
        data={
            "authorization_letter": letter,
            "letter_starts_on": starts_on,
            "letter_ends_on": ends_on,
        },
        action=IPRAction.LETTER_UPLOADED,
    )


def _to_pending(ipr: IPR, actor: User, *, source: str, action: str) -> IPR:
    with transaction.atomic():
        ipr = locked(ipr)
        check_owner(ipr, actor)
        if ipr.status != source:
            raise TransitionError(
                _("This cannot be done now: the IPR is %(status)s.")
                % {"status": ipr.get_status_display().lower()}
            )
        check_transition(ipr, IPRStatus.PENDING)
        check_may_file(ipr.owner)
        check_ipr(ipr, for_submission=True)
        from_status = ipr.status
        if from_status == IPRStatus.FAILED:
            ipr.version += 1
        ipr.status = IPRStatus.PENDING
        ipr.submitted_at = timezone.now()
        ipr.decided_by, ipr.decided_at = None, None
        ipr.save(
            update_fields=[
                "status",
                "version",
                "submitted_at",
                "decided_by",
                "decided_at",
                "updated_at",
            ]
        )
        audit.record(
            action=action,
            target=ipr,
            actor=actor,
            from_status=from_status,
            to_status=ipr.status,
            data=_audit_data(ipr),
        )
        notify_user(ipr.owner, "ipr_submitted", _email_context(ipr))
    return ipr


def submit_ipr(*, ipr: IPR, actor: User) -> IPR:
    """draft -> pending: the reviewers' queue. Needs an identity-approved account."""
    return _to_pending(ipr, actor, source=IPRStatus.DRAFT, action=IPRAction.SUBMITTED)


def create_and_submit_ipr(*, owner: User, kind: str, data: dict, supporting=()) -> IPR:
    """The owner's "Submit" on the new-IPR page: create the IPR, then send it to the reviewers
    unless it still needs the authorization letter (then it stays a draft until uploaded)."""
    ipr = create_ipr(owner=owner, kind=kind, data=data, supporting=supporting)
    if needs_authorization_letter(ipr):
        return ipr
    return submit_ipr(ipr=ipr, actor=owner)


def resubmit_ipr(*, ipr: IPR, actor: User) -> IPR:
    """failed -> pending after the owner fixed what the reviewer named; the version goes up.
    The reviewer's last reason stays on the row (and in the trail) until the next decision."""
    return _to_pending(ipr, actor, source=IPRStatus.FAILED, action=IPRAction.RESUBMITTED)


COPIED_ON_RENEWAL = [f for f in DATA_FIELDS if f not in ("authorization_letter",)]


def renew_ipr(*, ipr: IPR, actor: User) -> IPR:
    """Start a new draft from a withdrawn or expired IPR, linked to it. The old row keeps its
    status and reason; the new one must be edited (new dates, renewal documents) and submitted."""
    with transaction.atomic():
        old = locked(ipr)
        check_owner(old, actor)
        if not old.is_renewable:
            raise DomainError(
                _("Only a withdrawn or expired IPR can be renewed."), code="not_renewable"
            )
        check_may_file(old.owner)
        open_renewal = old.renewals.exclude(
            status__in=[IPRStatus.WITHDRAWN, IPRStatus.EXPIRED]
        ).first()
        if open_renewal is not None:
            raise DomainError(
                _("This IPR is already being renewed (IPR #%(pk)d).") % {"pk": open_renewal.pk},
                code="already_renewed",
            )
        new = IPR(owner=old.owner, kind=old.kind, renewal_of=old, status=IPRStatus.DRAFT)
        for field in COPIED_ON_RENEWAL:
            setattr(new, field, getattr(old, field))
        new.letter_starts_on = new.letter_ends_on = None
        new.save()
        new.supporting_documents.set(old.supporting_documents.all())
        audit.record(
            action=IPRAction.CREATED,
            target=new,
            actor=actor,
            to_status=new.status,
            data=_audit_data(new, renewal_of=old.pk),
        )
        audit.record(
            action=IPRAction.RENEWAL_STARTED,
            target=old,
            actor=actor,
            from_status=old.status,
            to_status=old.status,
            data={"renewal": new.pk},
        )
    return new


def _email_context(ipr: IPR) -> dict:
    return {
        "ipr_id": ipr.pk,
        "ipr_label": str(ipr),
        "status": IPRStatus(ipr.status).label,  # lazy: in the recipient's language (core.notify)
        "reason": ipr.reason_text,
    }


COMMON_FIELDS = (
    "right_owner_name",
    "is_registered",
    "document_type",
    "jurisdiction",
    "office",
    "number",
    "registered_on",
    "expires_on",
    "certificate",
    "authorization_letter",
    "letter_starts_on",
    "letter_ends_on",
)
KIND_FIELDS = {
    "trademark": (
        "mark_word",
        "logo",
        "nice_classes",
        "goods_services",
        "is_madrid",
        "madrid_designation",
    ),
    "patent": ("patent_type", "title", "evaluation_report"),
    "copyright": (
        "work_title",
        "work_type",
        "content_pages",
        "ownership_statement",
        "authorship_proof",
    ),
}


def fields_for(kind: str) -> tuple[str, ...]:
    """The data fields that belong to an IPR of this kind (others are ignored by the API)."""
    return COMMON_FIELDS + KIND_FIELDS.get(kind, ())
