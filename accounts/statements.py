"""The exclusive account statement the user downloads, signs (or seals) and uploads: in Chinese
and English side by side (core.bilingual_pdf), as rights owners in China use it."""

import io

from django.utils import timezone
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import cm
from reportlab.platypus import SimpleDocTemplate, Spacer, Table

from core import bilingual_pdf


def exclusive_account_statement_pdf(account) -> bytes:
    buf = io.BytesIO()
    zh_title, en_title = bilingual_pdf.both(lambda: _("Exclusive Account Statement"))
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        title=f"{zh_title} / {en_title}",
        author="IPP Portal",
    )
    width = A4[0] - 4.4 * cm
    body = bilingual_pdf.style("body", size=10, spaceAfter=6)
    title = bilingual_pdf.style("title", size=16, leading=22)
    note = bilingual_pdf.style("note", size=8.5, textColor="#555555")
    business = account.identity_kind == "business"
    name = account.complainant_name or "________________"
    today = timezone.localdate().isoformat()

    def pair(words, style=body):
        return bilingual_pdf.pair(words, style, width)

    story = [
        pair(lambda: _("Exclusive Account Statement"), title),
        Spacer(1, 12),
        pair(lambda: _sole_use(business) % {"name": name, "email": account.email}),
        Spacer(1, 6),
        pair(
            lambda: _(
                "Any other account registered under the same complainant name will no longer "
                "be used to file complaints, and may be barred from doing so."
            )
        ),
        Spacer(1, 6),
        pair(lambda: _("Date generated: %(date)s") % {"date": today}),
        Spacer(1, 30),
        _signature_table(business, width),
        Spacer(1, 24),
        pair(
            lambda: _(
                "Businesses: sign and affix the company seal. Individuals: sign by hand. "
                "Upload a scan or photo of the signed statement on the Sole account page."
            ),
            note,
        ),
        pair(bilingual_pdf.governing_language_note, note),
    ]
    doc.build(story)
    return buf.getvalue()


def _sole_use(business: bool) -> str:
    if business:
        return _(
            "We, %(name)s, confirm that the IPP Portal account registered with the email address "
            "%(email)s is the sole account that the company will use to submit intellectual "
            "property right claims on the IPP Portal."
        )
    return _(
        "I, %(name)s, confirm that the IPP Portal account registered with the email address "
        "%(email)s is the sole account that I will use to submit intellectual property right "
        "claims on the IPP Portal."
    )


def _signature_table(business: bool, width: float) -> Table:
    labels = [
        (lambda: _("Signature of the legal representative"))
        if business
        else (lambda: _("Signature")),
        lambda: _("Name"),
        (lambda: _("Company seal / chop")) if business else (lambda: _("Date")),
    ]
    label = bilingual_pdf.style("label", size=9.5)
    rows = [[bilingual_pdf.stacked(words, label), ""] for words in labels]
    return Table(
        rows,
        colWidths=[width * 0.45, width * 0.55],
        rowHeights=[40, 28, 60 if business else 28],
        style=[
            ("LINEBELOW", (1, 0), (1, -1), 0.6, "#444444"),
            ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ],
    )
