"""Page images of PDF documents, so reviewers see PDFs inline in any browser (headless ones and
those without a PDF plugin included). Rendered with PDFium once per page, kept privately beside
the document, and served through the same access check as the document itself."""

import io
import math

import pypdfium2 as pdfium
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .errors import DomainError
from .models import Document

PREVIEW_WIDTH = 1000
MAX_PREVIEW_PAGES = 30
MAX_SCALE = 3.0
# Width alone does not bound the work: a page 200 pt wide and 8,000 pt tall at width 1000 would
# be 1000 × 40,000 px. Every preview stays within this many pixels (about 4 MP, 16 MB of RGBA).
MAX_PREVIEW_PIXELS = 4_000_000


def preview_name(document: Document, page: int) -> str:
    return f"previews/{document.pk.hex}/{page}.png"


def preview_scale(width: float, height: float) -> float:
    """PDFium's scale (pixels per point) for a page of `width` × `height` points: PREVIEW_WIDTH
    pixels wide, at most MAX_SCALE, and within MAX_PREVIEW_PIXELS in all."""
    width, height = max(width, 1.0), max(height, 1.0)
    # PDFium rounds each side up to a whole pixel: solve (w·s + 1)(h·s + 1) = budget for s.
    a, b, c = width * height, width + height, 1 - MAX_PREVIEW_PIXELS
    by_pixels = (-b + math.sqrt(b * b - 4 * a * c)) / (2 * a)
    return min(MAX_SCALE, PREVIEW_WIDTH / width, by_pixels)


def page_png(document: Document, page: int) -> bytes:
    """PNG of page `page` (1-based) of a PDF document."""
    if not document.is_pdf:
        raise DomainError("Only PDF documents have page previews.", code="not_pdf")
    if page < 1 or page > min(document.pages or 1, MAX_PREVIEW_PAGES):
        raise DomainError("No such page.", code="no_page")
    name = preview_name(document, page)
    if default_storage.exists(name):
        with default_storage.open(name) as fh:
            return fh.read()
    with document.file.open("rb") as fh:
        pdf = pdfium.PdfDocument(fh.read())
    try:
        pdf_page = pdf[page - 1]
        image = pdf_page.render(scale=preview_scale(*pdf_page.get_size())).to_pil()
    finally:
        pdf.close()
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", optimize=True)
    data = buf.getvalue()
    default_storage.save(name, ContentFile(data))
    return data
