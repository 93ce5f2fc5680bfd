"""The exclusive account statement the user downloads, signs (or seals) and uploads."""

import io

from django.utils import timezone
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table


def exclusive_account_statement_pdf(account) -> bytes:
    styles = getSampleStyleSheet()
    buf = io.BytesIO()
    doc = SimpleDocTemplate(
        buf,
        pagesize=A4,
        leftMargin=2.2 * cm,
        rightMargin=2.2 * cm,
        title="Exclusive Account Statement",
    )
    business = account.identity_kind == "business"
    name = account.complainant_name or "________________"
    body = [
        Paragraph("Exclusive Account Statement", styles["Title"]),
        Spacer(1, 12),
        Paragraph(
            f"I/We, <b>{_esc(name)}</b>, confirm that the IPP Portal account registered with the "
            f"email address <b>{_esc(account.email)}</b> is the sole account that "
            f"{'the company' if business else 'I'} will use to submit intellectual property "
            "right claims on the IPP Portal.",
            styles["BodyText"],
        ),
        Spacer(1, 8),
        Paragraph(
            "Any other account registered under the same complainant name will no longer be "
            "used to file complaints, and may be barred from doing so.",
            styles["BodyText"],
        ),
        Spacer(1, 8),
        Paragraph(f"Date generated: {timezone.localdate():%d %B %Y}", styles["BodyText"]),
        Spacer(1, 36),
        Table(
            [
                ["Signature" if not business else "Signature of the legal representative", ""],
                ["Name", ""],
                ["Company seal / chop" if business else "Date", ""],
            ],
            colWidths=[7 * cm, 9 * cm],
            rowHeights=[40, 28, 60 if business else 28],
            style=[
                ("LINEBELOW", (1, 0), (1, -1), 0.6, "#444444"),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ],
        ),
        Spacer(1, 24),
        Paragraph(
            "Businesses: sign and affix the company seal. Individuals: sign by hand. "
            "Upload a scan or photo of the signed statement on the Sole account page.",
            styles["Italic"],
        ),
    ]
    doc.build(body)
    return buf.getvalue()


def _esc(text: str) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
