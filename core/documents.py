"""Private documents: content checks on upload, storage, and the one way they are served.

Accepted: JPEG, PNG, WebP (opened and fully decoded with Pillow, refused when corrupt or when the
pixel count is absurd) and PDF (parsed with pypdf, at least one page, not encrypted). The type is
decided by the bytes, never by the file name or the browser's claim."""

import hashlib
import io
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PdfReadError

from .errors import DomainError
from .models import Document

ACCEPTED_LABEL = gettext_lazy("JPEG, PNG, WebP or PDF")


@dataclass
class Inspected:
    content_type: str
    width: int | None = None
    height: int | None = None
    pages: int | None = None


def _sniff(head: bytes) -> str | None:
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    if head.lstrip()[:5] == b"%PDF-":
        return "application/pdf"
    return None


def _fail(name: str, reason: str) -> DomainError:
    return DomainError(f"\u201c{name}\u201d: {reason}", code="bad_file")


def _inspect_image(data: bytes, name: str, content_type: str) -> Inspected:
    max_pixels = settings.IPP_UPLOAD_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as img:
                width, height = img.size
                if width * height > max_pixels:
                    raise _fail(
                        name,
                        _(
                            "the image is too large in pixels (%(w)d × %(h)d); "
                            "scan it at a lower resolution."
                        )
                        % {"w": width, "h": height},
                    )
                img.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _fail(
            name, _("the image is too large in pixels; scan it at a lower resolution.")
        ) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _fail(name, _("the image is damaged or incomplete and cannot be opened.")) from exc
    return Inspected(content_type, width=width, height=height)


def _inspect_pdf(data: bytes, name: str) -> Inspected:
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise _fail(name, _("the PDF is password-protected; upload an unprotected copy."))
        pages = len(reader.pages)
    except DomainError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError, RecursionError) as exc:
        raise _fail(name, _("the file says it is a PDF but cannot be read as one.")) from exc
    if pages < 1:
        raise _fail(name, _("the PDF has no pages."))
    return Inspected("application/pdf", pages=pages)


def inspect_upload(upload: UploadedFile) -> tuple[Inspected, bytes]:
    name = (upload.name or "file")[:120]
    limit = settings.IPP_UPLOAD_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise _fail(
            name,
            _("the file is %(size).1f MB; the limit is %(limit)d MB per file.")
            % {"size": upload.size / 1_048_576, "limit": limit // 1_048_576},
        )
    upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise _fail(
            name, _("the file is larger than %(limit)d MB.") % {"limit": limit // 1_048_576}
        )
    if not data:
        raise _fail(name, _("the file is empty."))
    content_type = _sniff(data[:32])
    if content_type is None:
        raise _fail(
            name,
            _("this type of file is not accepted; upload a %(types)s file.")
            % {"types": ACCEPTED_LABEL},
        )
    if content_type == "application/pdf":
        return _inspect_pdf(data, name), data
    return _inspect_image(data, name, content_type), data


def _clean_name(name: str) -> str:
    name = "".join(ch for ch in (name or "document") if ch.isprintable())[:255]
    return name or "document"


def store_upload(*, owner, upload: UploadedFile) -> Document:
    """Check the bytes and keep them privately. Raises DomainError with a specific message."""
    inspected, data = inspect_upload(upload)
    from django.core.files.base import ContentFile

    doc = Document(
        owner=owner,
        original_name=_clean_name(upload.name),
        content_type=inspected.content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        width=inspected.width,
        height=inspected.height,
        pages=inspected.pages,
    )
    doc.file.save("upload", ContentFile(data), save=False)
    doc.save()
    return doc


def attach(documents) -> None:
    """Mark documents as taken by a submission (they are then kept, never cleaned up)."""
    now = timezone.now()
    docs = [d for d in documents if d is not None]
    if docs:
        Document.objects.filter(pk__in=[d.pk for d in docs], attached_at__isnull=True).update(
            attached_at=now
        )
        for doc in docs:
            doc.attached_at = doc.attached_at or now


def check_count(documents, *, limit: int | None = None) -> None:
    limit = limit or settings.IPP_UPLOAD_MAX_FILES
    if len([d for d in documents if d is not None]) > limit:
        raise DomainError(
            _("At most %(n)d files can be attached to one submission.") % {"n": limit},
            code="too_many_files",
        )


@transaction.atomic
def purge_unattached(*, older_than) -> int:
    """Delete uploads that no submission took (a form abandoned after an error)."""
    stale = Document.objects.filter(attached_at__isnull=True, uploaded_at__lt=older_than)
    count = 0
    for doc in stale:
        doc.file.delete(save=False)
        Document.objects.filter(pk=doc.pk).delete()
        count += 1
    return count


# --- serving: the one way a stored document reaches a browser (after the access check) ---------
# Shown in the browser: the raster images (on review pages and in a tab) and PDFs (the browser's
# viewer). Anything else a document could be is only ever downloaded.
INLINE_TYPES = frozenset({"image/jpeg", "image/png", "image/webp", "application/pdf"})
# A document is never a page of the portal: it opens in a sandbox (an opaque origin: no script,
# no access to the portal's cookies or pages), so a PDF with JavaScript or a PDF+ZIP or PDF+HTML
# polyglot can do nothing on the portal's origin; nosniff stops a browser reading it as HTML.
SANDBOX_POLICY = "sandbox; default-src 'none'; img-src 'self'"


def private_file_headers(response: HttpResponseBase) -> HttpResponseBase:
    response["Content-Security-Policy"] = SANDBOX_POLICY
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Frame-Options"] = "SAMEORIGIN"
    response["Cache-Control"] = "private, no-store"
    return response


def document_response(doc: Document, *, download: bool = False) -> HttpResponseBase:
    """The file, inline when its type is one a browser shows safely and no download was asked
    for, else as an attachment. On S3 a redirect to a short-lived signed URL instead."""
    try:
        doc.file.path  # noqa: B018 - local storage has a path; S3 raises NotImplementedError
    except NotImplementedError:
        return HttpResponseRedirect(doc.file.url)
    inline = doc.content_type in INLINE_TYPES
    response = FileResponse(
        doc.file.open("rb"),
        content_type=doc.content_type if inline else "application/octet-stream",
        as_attachment=download or not inline,
        filename=doc.original_name,
    )
    return private_file_headers(response)


def page_preview_response(png: bytes) -> HttpResponseBase:
    return private_file_headers(HttpResponse(png, content_type="image/png"))
