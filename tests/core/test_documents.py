import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core.documents import store_upload
from core.errors import DomainError
from core.models import AuditEvent, Document
from tests import files


@pytest.mark.django_db
@pytest.mark.parametrize(
    "make, content_type",
    [
        (files.png, "image/png"),
        (files.jpeg, "image/jpeg"),
        (files.webp, "image/webp"),
        (files.pdf, "application/pdf"),
    ],
)
def test_accepted_types_are_stored_privately_with_type_from_content(
    rights_owner, make, content_type
):
    doc = store_upload(owner=rights_owner, upload=make())
    assert doc.content_type == content_type
    assert doc.sha256 and doc.size > 0
    assert "documents/" in doc.file.name and doc.original_name not in doc.file.name


@pytest.mark.django_db
def test_type_is_decided_by_bytes_not_by_name(rights_owner):
    disguised = files.upload("passport.png", b"MZ\x90\x00 this is an exe", "image/png")
    with pytest.raises(DomainError, match="not accepted"):
        store_upload(owner=rights_owner, upload=disguised)


@pytest.mark.django_db
def test_truncated_image_is_refused_as_damaged(rights_owner):
    data = files.image_bytes("PNG", size=(400, 400))[:200]
    with pytest.raises(DomainError, match="damaged"):
        store_upload(owner=rights_owner, upload=files.upload("scan.png", data))


@pytest.mark.django_db
def test_decompression_bomb_is_refused(rights_owner, settings):
    settings.IPP_UPLOAD_MAX_PIXELS = 10_000
    with pytest.raises(DomainError, match="too large in pixels"):
        store_upload(owner=rights_owner, upload=files.png(size=(200, 200)))


@pytest.mark.django_db
def test_oversized_file_is_refused_with_the_limit(rights_owner, settings):
    settings.IPP_UPLOAD_MAX_BYTES = 1024 * 1024
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (1024 * 1024 + 10))
    with pytest.raises(DomainError, match="limit is 1 MB"):
        store_upload(owner=rights_owner, upload=big)


@pytest.mark.django_db
def test_fake_and_encrypted_pdfs_are_refused(rights_owner):
    with pytest.raises(DomainError, match="cannot be read"):
        store_upload(owner=rights_owner, upload=files.upload("x.pdf", b"%PDF-1.7 garbage"))
    with pytest.raises(DomainError, match="password-protected"):
        store_upload(owner=rights_owner, upload=files.pdf(password="s3cret"))


@pytest.mark.django_db
def test_document_is_served_to_owner_and_404_to_anyone_else(client, rights_owner, outsider, seller):
    doc = store_upload(owner=rights_owner, upload=files.png())
    url = f"/documents/{doc.pk}/"
    assert client.get(url).status_code == 302  # anonymous: sign in first
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(seller)
    assert client.get(url).status_code == 404
    client.force_login(rights_owner)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")


@pytest.mark.django_db
def test_reviewer_reading_a_document_is_audited(client, rights_owner, reviewer):
    doc = store_upload(owner=rights_owner, upload=files.pdf())
    client.force_login(reviewer)
    assert client.get(f"/documents/{doc.pk}/").status_code == 200
    event = AuditEvent.objects.get(action="document.viewed")
    assert event.actor == reviewer and event.target_id == str(doc.pk)


@pytest.mark.django_db
def test_audit_events_cannot_be_edited_or_deleted(rights_owner):
    from core import audit

    event = audit.record(action="x.test", target=rights_owner)
    with pytest.raises(PermissionError):
        event.save()
    with pytest.raises(PermissionError):
        AuditEvent.objects.filter(pk=event.pk).update(reason="changed")
    with pytest.raises(PermissionError):
        event.delete()
    assert Document.objects.count() == 0


@pytest.mark.django_db
def test_document_upload_api_checks_content_and_is_private(rights_owner, outsider):
    from rest_framework.test import APIClient

    api = APIClient()
    assert api.post("/api/v1/documents/", {"file": files.png()}).status_code in (401, 403)
    api.force_authenticate(rights_owner)
    created = api.post("/api/v1/documents/", {"file": files.pdf()}, format="multipart")
    assert created.status_code == 201 and created.json()["content_type"] == "application/pdf"
    bad = api.post(
        "/api/v1/documents/", {"file": files.upload("x.svg", b"<svg/>")}, format="multipart"
    )
    assert bad.status_code == 400 and bad.json()["field"] == "file"
    assert "not accepted" in bad.json()["detail"]
    api.force_authenticate(outsider)
    assert Document.objects.get(pk=created.json()["id"]).owner == rights_owner


@pytest.mark.django_db
def test_pdf_pages_render_inline_for_reviewers_and_owner_only(
    client, rights_owner, reviewer, outsider
):
    doc = store_upload(owner=rights_owner, upload=files.pdf(pages=2))
    url = f"/documents/{doc.pk}/pages/1.png"
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(reviewer)
    response = client.get(url)
    assert response.status_code == 200 and response.content.startswith(b"\x89PNG")
    assert client.get(f"/documents/{doc.pk}/pages/3.png").status_code == 404
    assert AuditEvent.objects.filter(action="document.viewed", data__page=1).exists()
    client.force_login(rights_owner)
    assert client.get(f"/documents/{doc.pk}/pages/2.png").status_code == 200
    image = store_upload(owner=rights_owner, upload=files.png())
    assert client.get(f"/documents/{image.pk}/pages/1.png").status_code == 404


def tall_pdf(width: float, height: float) -> bytes:
    """A real one-page PDF drawn by reportlab, with text top and bottom."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=(width, height))
    pdf.drawString(10, height - 20, "top of a very tall page")
    pdf.drawString(10, 10, "bottom")
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("width, height", [(200, 8000), (1000, 43_243), (14_400, 14_400)])
def test_a_tall_or_huge_page_is_previewed_within_the_pixel_budget(
    client, rights_owner, width, height
):
    from core.previews import MAX_PREVIEW_PIXELS

    doc = store_upload(owner=rights_owner, upload=files.upload("tall.pdf", tall_pdf(width, height)))
    client.force_login(rights_owner)
    response = client.get(f"/documents/{doc.pk}/pages/1.png")
    with Image.open(io.BytesIO(response.content)) as preview:
        w, h = preview.size
    assert w * h <= MAX_PREVIEW_PIXELS
    assert abs(w / h - width / height) < 0.01  # scaled down, not cropped
    assert w == 1000 or w * h > 0.95 * MAX_PREVIEW_PIXELS  # and not needlessly small


@pytest.mark.django_db
def test_an_ordinary_page_is_still_previewed_1000_pixels_wide(client, rights_owner):
    doc = store_upload(owner=rights_owner, upload=files.upload("a4.pdf", tall_pdf(595, 842)))
    client.force_login(rights_owner)
    with Image.open(io.BytesIO(client.get(f"/documents/{doc.pk}/pages/1.png").content)) as png:
        assert png.size == (1000, 1416)


def test_unattached_upload_purge_is_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "core.tasks.purge_unattached_documents" in tasks


@pytest.mark.django_db
def test_purge_task_deletes_only_day_old_unattached_uploads(rights_owner):
    from datetime import timedelta

    from django.utils import timezone

    from core.tasks import purge_unattached_documents

    stale = store_upload(owner=rights_owner, upload=files.png())
    fresh = store_upload(owner=rights_owner, upload=files.png())
    Document.objects.filter(pk=stale.pk).update(uploaded_at=timezone.now() - timedelta(days=2))
    assert purge_unattached_documents() == 1
    assert list(Document.objects.values_list("pk", flat=True)) == [fresh.pk]
