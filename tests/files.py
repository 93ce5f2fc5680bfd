"""Real sample files made on the fly: images by Pillow, PDFs by pypdf."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from pypdf import PdfWriter


def image_bytes(fmt: str = "PNG", size=(64, 48), color=(200, 80, 20)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, color).save(buf, format=fmt)
    return buf.getvalue()


def pdf_bytes(pages: int = 1, password: str | None = None) -> bytes:
    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    if password:
        writer.encrypt(password)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def png(name="id.png", **kw):
    return upload(name, image_bytes("PNG", **kw), "image/png")


def jpeg(name="id.jpg", **kw):
    return upload(name, image_bytes("JPEG", **kw), "image/jpeg")


def webp(name="id.webp", **kw):
    return upload(name, image_bytes("WEBP", **kw), "image/webp")


def pdf(name="certificate.pdf", **kw):
    return upload(name, pdf_bytes(**kw), "application/pdf")


def proof_document(owner, name: str = "proof.png"):
    """A stored proof document of `owner` (complaints whose reason requires proof need one)."""
    from core.documents import store_upload

    return store_upload(owner=owner, upload=png(name))
