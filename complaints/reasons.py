"""Which complaint reasons fit which right, the FAQ's guidance, and the evidence each needs."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from ipr.models import IPRKind, PatentType

from .models import ComplaintReason
from .models import ComplaintReason as R

TRADEMARK_REASONS = [R.COUNTERFEIT, R.TRADEMARK_UNAUTHORIZED_USE, R.TRADEMARK_OTHER]
COPYRIGHT_REASONS = [R.COPYRIGHT_PIRATED, R.COPYRIGHT_CONTENT, R.COPYRIGHT_IMAGE, R.COPYRIGHT_TEXT]
PATENT_REASON = {
    PatentType.INVENTION: R.PATENT_INVENTION,
    PatentType.UTILITY_MODEL: R.PATENT_UTILITY_MODEL,
    PatentType.DESIGN: R.PATENT_DESIGN,
}
COPYRIGHT_DMCA_REASONS = COPYRIGHT_REASONS


def reasons_for(ipr) -> list[str]:
    """The reasons valid for this right: by kind, and for patents by patent type."""
    if ipr.kind == IPRKind.TRADEMARK:
        return list(TRADEMARK_REASONS)
    if ipr.kind == IPRKind.COPYRIGHT:
        return list(COPYRIGHT_REASONS)
    reason = PATENT_REASON.get(ipr.patent_type)
    return [reason] if reason else list(PATENT_REASON.values())


GUIDANCE = {
    R.COUNTERFEIT: _(
        "Choose “Counterfeit” only when the seller falsely presents the product as your "
        "brand, and upload proof of counterfeit (a side-by-side comparison with genuine goods, a "
        "test purchase). A seller merely lacking your authorization to sell genuine goods, for "
        "example goods bought from an authorized distributor, is not infringing."
    ),
    R.TRADEMARK_UNAUTHORIZED_USE: _(
        "For a seller with its own brand A that uses your trademark keywords for brand B in its "
        "product name or listing. Show where your mark is used."
    ),
    R.TRADEMARK_OTHER: _("Other misuse of your trademark. Explain it in the description."),
    R.COPYRIGHT_PIRATED: _("The product itself or its packaging is an unauthorized copy."),
    R.COPYRIGHT_CONTENT: _(
        "The product or packaging carries your copyrighted content or images but is not itself "
        "a pirated copy."
    ),
    R.COPYRIGHT_IMAGE: _(
        "Your image is used on the product detail page. Upload the original image and proof "
        "of creation (the original file, behind-the-scenes photos)."
    ),
    R.COPYRIGHT_TEXT: _("Your text is used on the product detail page. Upload the original."),
    R.PATENT_INVENTION: _("Upload a claim chart mapping the claims to the product."),
    R.PATENT_UTILITY_MODEL: _(
        "Upload a claim chart. A Patent Evaluation Report is strongly recommended: utility "
        "model patents are unstable and the report proves validity."
    ),
    R.PATENT_DESIGN: _(
        "Upload a design comparison. A Patent Evaluation Report is strongly recommended."
    ),
}


@dataclass(frozen=True)
class ProofItem:
    """One line of a reason's proof checklist: `required` proof must be uploaded before the
    complaint is filed; the rest is recommended."""

    text: Promise | str
    required: bool = True
    # Optional for good-faith notifiers (the lighter checklist, complaints.standing): proof a
    # notifier with a record of accurate notices may leave out, the reviewer asking for it when
    # a case needs it.
    member_optional: bool = False


def _recommended(text: Promise | str) -> ProofItem:
    return ProofItem(text, required=False)


# What each reason needs (the FAQ asks for "related proof of counterfeit"; DOMAIN.md lists the
# evidence per reason). Proof is required where a reviewer cannot decide without it: counterfeit
# (the listing alone never shows that goods are fake), an image taken (who created it), and
# patents (which claim or design the product reads on). Where the listing itself shows the use
# (a trademark named in the title, a copied text), proof is recommended.
PROOF_CHECKLIST: dict[str, tuple[ProofItem, ...]] = {
    R.COUNTERFEIT: (
        ProofItem(
            _(
                "Proof of counterfeit: a side-by-side comparison with the genuine product or a "
                "test purchase"
            ),
            member_optional=True,
        ),
        _recommended(_("Photos of the product received from a test purchase")),
    ),
    R.TRADEMARK_UNAUTHORIZED_USE: (_recommended(_("Screenshot showing where the mark is used")),),
    R.TRADEMARK_OTHER: (_recommended(_("Screenshot of the misuse")),),
    R.COPYRIGHT_PIRATED: (
        _recommended(_("Photo of the original work and of the pirated product")),
    ),
    R.COPYRIGHT_CONTENT: (
        _recommended(_("The original content and where it appears on the product")),
    ),
    R.COPYRIGHT_IMAGE: (
        ProofItem(_("The original image")),
        ProofItem(
            _("Proof of creation (the original file, behind-the-scenes photos)"),
            member_optional=True,
        ),
    ),
    R.COPYRIGHT_TEXT: (_recommended(_("The original text with its publication date")),),
    R.PATENT_INVENTION: (ProofItem(_("Claim chart mapping the claims to the product")),),
    R.PATENT_UTILITY_MODEL: (
        ProofItem(_("Claim chart mapping the claims to the product")),
        _recommended(_("Patent Evaluation Report")),
    ),
    R.PATENT_DESIGN: (
        ProofItem(_("Design comparison with the product")),
        _recommended(_("Patent Evaluation Report")),
    ),
}


def proof_checklist(reason: str, *, good_faith: bool = False) -> tuple[ProofItem, ...]:
    """The reason's checklist; for a good-faith notifier the lighter one (its `member_optional`
    items recommended only)."""
    items = PROOF_CHECKLIST.get(reason, ())
    if not good_faith:
        return items
    return tuple(
        ProofItem(item.text, required=False, member_optional=True) if item.member_optional else item
        for item in items
    )


def required_proof(reason: str, *, good_faith: bool = False) -> list[ProofItem]:
    return [item for item in proof_checklist(reason, good_faith=good_faith) if item.required]


def check_proof(reason: str, files: int, *, good_faith: bool = False) -> None:
    """Refuse a complaint filed without the proof its reason requires (`files`: how many proof
    documents come with it). One document may hold several items (a PDF with the comparison and
    the receipt), so the rule asks for at least one file and names every required item.
    `good_faith`: the complainant is a good-faith notifier (the lighter checklist)."""
    needed = required_proof(reason, good_faith=good_faith)
    if needed and files < 1:
        raise DomainError(
            _(
                "A “%(reason)s” complaint needs proof before it is filed. Upload: "
                "%(items)s. Everything else you entered is kept."
            )
            % {
                "reason": ComplaintReason(reason).label,
                "items": "; ".join(str(item.text) for item in needed),
            },
            code="proof_required",
            field="evidence",
        )


def checklist_data(*, good_faith: bool = False) -> dict[str, dict]:
    """Every reason's guidance and checklist, as the form's script and the API show them
    (`good_faith`: the lighter checklist of a good-faith notifier)."""
    return {
        reason: {
            "text": str(GUIDANCE.get(reason, "")),
            "checklist": [
                {"text": str(item.text), "required": item.required}
                for item in proof_checklist(reason, good_faith=good_faith)
            ],
        }
        for reason in ComplaintReason.values
    }
