"""Page images of PDF documents, so reviewers see PDFs inline in any browser (headless ones and
those without a PDF plugin included). Rendered with PDFium once per page, kept privately beside
the document, and served through the same access check as the document itself."""

import io

import pypdfium2 as pdfium
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from .errors import DomainError
from .models import Document

PREVIEW_WIDTH = 1000
MAX_PREVIEW_PAGES = 30


def preview_name(document: Document, page: int) -> str:
    return f"previews/{document.pk.hex}/{page}.png"


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
        width = pdf_page.get_width() or PREVIEW_WIDTH
        image = pdf_page.render(scale=min(3.0, PREVIEW_WIDTH / width)).to_pil()
    finally:
        pdf.close()
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="PNG", optimize=True)
    data = buf.getvalue()
    default_storage.save(name, ContentFile(data))
    return data
