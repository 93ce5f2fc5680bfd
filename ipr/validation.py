"""The rules an IPR's data must meet, shared by the forms, the API and the services.

`check_ipr` raises `DomainError(field=...)` for the first broken rule so a page can put the
message beside the field. Dates follow the ends-today rule of `ipr.models.is_current`."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from . import guidance
from .models import IPR, DocumentType, IPRKind, PatentType, WorkType, is_current

NICE_MIN, NICE_MAX = 1, 45
EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2200, 12, 31)
TEXT_FIELDS = (
    "right_owner_name",
    "jurisdiction",
    "office",
    "number",
    "mark_word",
    "goods_services",
    "title",
    "work_title",
)


def name_key(name: str) -> str:
    """Names compared the way a reviewer would: case and spacing ignored."""
    return " ".join((name or "").casefold().split())


def needs_authorization_letter(ipr: IPR) -> bool:
    """An agent account, or an account filing for an owner with another name, needs the
    owner's signed authorization letter (FAQ: supporting documents, point 2)."""
    owner = ipr.owner
    if owner.registrant_category == "agent":
        return True
    own_name = name_key(owner.complainant_name)
    return bool(own_name) and name_key(ipr.right_owner_name) != own_name


def _fail(message, field: str | None = None, code: str = "invalid") -> DomainError:
    return DomainError(str(message), field=field, code=code)


def check_text(ipr: IPR) -> None:
    for field in TEXT_FIELDS:
        value = getattr(ipr, field) or ""
        if any(ch in value for ch in ("\x00", "\ufffe", "\uffff")) or any(
            ord(ch) < 32 and ch not in "\t\r\n" for ch in value
        ):
            raise _fail(_("This field contains characters that are not allowed."), field)
        limit = IPR._meta.get_field(field).max_length
        if limit and len(value) > limit:
            raise _fail(_("Use at most %(n)d characters.") % {"n": limit}, field, code="too_long")
    if not (ipr.right_owner_name or "").strip():
        raise _fail(
            _("Enter the IPR owner's name exactly as on the certificate."), "right_owner_name"
        )


def check_registration(ipr: IPR) -> None:
    if ipr.document_type == DocumentType.FILING_RECEIPT:
        raise _fail(guidance.FILING_RECEIPT, "document_type", code="filing_receipt")
    if ipr.kind == IPRKind.COPYRIGHT and not ipr.is_registered:
        if ipr.document_type != DocumentType.OWNERSHIP_STATEMENT:
            raise _fail(
                _("An unregistered work is proven by a signed copyright ownership statement."),
                "document_type",
            )
        return
    if not ipr.is_registered:
        raise _fail(guidance.NOT_YET_REGISTERED, "is_registered", code="not_registered")
    if ipr.document_type != DocumentType.REGISTRATION_CERTIFICATE:
        raise _fail(_("Upload the registration certificate issued by the office."), "document_type")
    for field, message in (
        ("jurisdiction", _("Enter the country or region where the right is registered.")),
        ("number", _("Enter the registration number shown on the certificate.")),
        ("registered_on", _("Enter the registration date shown on the certificate.")),
        ("certificate", _("Upload the registration certificate.")),
    ):
        if not getattr(ipr, field):
            raise _fail(message, field, code="required")


def check_dates(ipr: IPR, today: datetime.date) -> None:
    for field in ("registered_on", "expires_on", "letter_starts_on", "letter_ends_on"):
        value = getattr(ipr, field)
        if value is not None and not (EARLIEST_DATE <= value <= LATEST_DATE):
            raise _fail(_("Enter a real date between 1900 and 2200."), field)
    if ipr.kind != IPRKind.COPYRIGHT and ipr.expires_on is None:
        raise _fail(_("Enter the expiry date of the right."), "expires_on", code="required")
    if ipr.registered_on and ipr.registered_on > today:
        raise _fail(_("The registration date cannot be in the future."), "registered_on")
    if ipr.registered_on and ipr.expires_on and ipr.expires_on <= ipr.registered_on:
        raise _fail(_("The expiry date must be after the registration date."), "expires_on")
    if not is_current(ipr.expires_on, today):
        raise _fail(
            _(
                "This right expired on %(date)s and cannot be submitted. If it has been renewed, "
                "enter the new expiry date and upload the renewal certificate."
            )
            % {"date": ipr.expires_on.isoformat()},
            "expires_on",
            code="right_expired",
        )


def check_trademark(ipr: IPR) -> None:
    if not (ipr.mark_word or "").strip() and ipr.logo is None:
        raise _fail(_("Enter the word mark, upload the logo, or both."), "mark_word", "required")
    if ipr.logo is not None and not ipr.logo.is_image:
        raise _fail(_("Upload the logo as an image (JPEG, PNG or WebP)."), "logo")
    classes = ipr.nice_classes
    if not isinstance(classes, list) or not classes:
        raise _fail(_("Choose at least one Nice class (1-45)."), "nice_classes", "required")
    if any(isinstance(c, bool) or not isinstance(c, int) for c in classes) or any(
        not NICE_MIN <= c <= NICE_MAX for c in classes
    ):
        raise _fail(_("Nice classes run from 1 to 45."), "nice_classes")
    ipr.nice_classes = sorted(set(classes))
    if not (ipr.goods_services or "").strip():
        raise _fail(
            _("List the goods or services the registration covers."), "goods_services", "required"
        )
    if ipr.is_madrid and ipr.madrid_designation is None:
        raise _fail(
            _(
                "A Madrid (WIPO) international registration needs the designation or extension "
                "certificate for the relevant country."
            ),
            "madrid_designation",
            "required",
        )


def check_patent(ipr: IPR) -> None:
    if ipr.patent_type not in PatentType.values:
        raise _fail(_("Choose the type of patent."), "patent_type", "required")
    if not (ipr.title or "").strip():
        raise _fail(_("Enter the title of the patent."), "title", "required")


def check_copyright(ipr: IPR) -> None:
    if not (ipr.work_title or "").strip():
        raise _fail(_("Enter the title of the work."), "work_title", "required")
    if ipr.work_type not in WorkType.values:
        raise _fail(_("Choose the type of work."), "work_type", "required")
    if ipr.is_registered:
        if ipr.content_pages is None:
            raise _fail(guidance.COPYRIGHT_CERTIFICATE, "content_pages", "missing_content_pages")
        return
    if ipr.ownership_statement is None:
        raise _fail(
            _("Upload the copyright ownership statement signed by the owner."),
            "ownership_statement",
            "required",
        )
    if ipr.authorship_proof is None:
        raise _fail(
            _("Upload proof of authorship (e.g. the original file or drafts of the work)."),
            "authorship_proof",
            "required",
        )


def check_letter(ipr: IPR, today: datetime.date, *, for_submission: bool) -> None:
    starts, ends = ipr.letter_starts_on, ipr.letter_ends_on
    if (starts is None) != (ends is None):
        field = "letter_ends_on" if ends is None else "letter_starts_on"
        raise _fail(_("Enter both the start and the end of the authorization term."), field)
    if starts and ends and ends < starts:
        raise _fail(_("The authorization term must end after it starts."), "letter_ends_on")
    if ends and not is_current(ends, today):
        raise _fail(
            _("This authorization letter's term ended on %(date)s; upload a current letter.")
            % {"date": ends.isoformat()},
            "letter_ends_on",
            code="letter_expired",
        )
    if not for_submission or not needs_authorization_letter(ipr):
        return
    if ipr.authorization_letter is None:
        raise _fail(
            _(
                "You file for another owner, so the owner's signed authorization letter is "
                "required: download the generated letter, have it signed or sealed, and upload it."
            ),
            "authorization_letter",
            code="letter_required",
        )
    if starts is None:
        raise _fail(_("Enter the term of the authorization letter."), "letter_starts_on")
    if starts > today:
        raise _fail(
            _("The authorization term has not started yet (it starts on %(date)s).")
            % {"date": starts.isoformat()},
            "letter_starts_on",
        )


def check_documents_owned(ipr: IPR, supporting=()) -> None:
    docs = [
        ipr.certificate,
        ipr.logo,
        ipr.madrid_designation,
        ipr.evaluation_report,
        ipr.content_pages,
        ipr.ownership_statement,
        ipr.authorship_proof,
        ipr.authorization_letter,
        *supporting,
    ]
    if any(d is not None and d.owner_id != ipr.owner_id for d in docs):
        raise _fail(_("A document does not belong to this account."), code="bad_document")


def check_ipr(
    ipr: IPR, *, today: datetime.date | None = None, for_submission: bool = False, supporting=()
) -> None:
    """All rules for one IPR. `for_submission` adds what only a submission needs (the letter)."""
    today = today or timezone.localdate()
    if ipr.kind not in IPRKind.values:
        raise _fail(_("Choose trademark, patent or copyright."), "kind")
    check_text(ipr)
    check_registration(ipr)
    check_dates(ipr, today)
    {"trademark": check_trademark, "patent": check_patent, "copyright": check_copyright}[ipr.kind](
        ipr
    )
    check_letter(ipr, today, for_submission=for_submission)
    check_documents_owned(ipr, supporting)
