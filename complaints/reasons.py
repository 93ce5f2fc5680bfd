"""Which complaint reasons fit which right, the FAQ's guidance, and the evidence each needs."""

from django.utils.translation import gettext_lazy as _

from ipr.models import IPRKind, PatentType

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
        "Choose \u201cCounterfeit\u201d only when the seller falsely presents the product as your "
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

EVIDENCE_CHECKLIST = {
    R.COUNTERFEIT: [
        _("Side-by-side comparison with the genuine product"),
        _("Test purchase or other proof of counterfeit"),
    ],
    R.TRADEMARK_UNAUTHORIZED_USE: [_("Screenshot showing where the mark is used")],
    R.TRADEMARK_OTHER: [_("Screenshot of the misuse")],
    R.COPYRIGHT_PIRATED: [_("Photo of the original work and of the pirated product")],
    R.COPYRIGHT_CONTENT: [_("The original content and where it appears on the product")],
    R.COPYRIGHT_IMAGE: [
        _("The original image"),
        _("Proof of creation (original file, behind-the-scenes photos)"),
    ],
    R.COPYRIGHT_TEXT: [_("The original text with its publication date")],
    R.PATENT_INVENTION: [_("Claim chart")],
    R.PATENT_UTILITY_MODEL: [_("Claim chart"), _("Patent Evaluation Report (recommended)")],
    R.PATENT_DESIGN: [_("Design comparison"), _("Patent Evaluation Report (recommended)")],
}
