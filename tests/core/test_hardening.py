"""Issue 11, item 6 and the tampered cursor: what the portal answers to hostile input, and the
headers it sends (Content-Security-Policy, Cache-Control, the documents' sandbox)."""

import base64
import csv
import io
import json
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from core.csv_cells import safe_cell, safe_row
from core.cursors import decode_keyset, encode_keyset
from core.documents import store_upload
from core.error_responses import csrf_failure
from core.models import Document
from tests import files
from tests.ipr.conftest import IPRFactory


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode()


def keyset(*value) -> str:
    return b64(json.dumps(list(value)).encode())


def drf_cursor(**tokens) -> str:
    return base64.b64encode(urlencode(tokens).encode()).decode()


MOMENT = "2024-01-01T00:00:00+00:00"

# Each one a cursor the portal never makes; before, several reached the database (a 500 on
# PostgreSQL: an offset beyond ±15:59, an id beyond bigint) or Python's date arithmetic.
HOSTILE_AFTER = {
    "offset-99h": keyset("2024-01-01T00:00:00+99:00", 1),
    "offset-23h59": keyset("2024-01-01T00:00:00+23:59", 1),
    "offset-14h01": keyset("2024-01-01T00:00:00+14:01", 1),
    "naive-moment": keyset("2024-01-01T00:00:00", 1),
    "year-1-east-of-utc": keyset("0001-01-01T00:00:00+14:00", 1),
    "year-9999-west-of-utc": keyset("9999-12-31T23:59:59-14:00", 1),
    "id-beyond-bigint": keyset(MOMENT, 2**63),
    "id-zero": keyset(MOMENT, 0),
    "id-negative": keyset(MOMENT, -1),
    "id-float": keyset(MOMENT, 1e308),
    "id-string": keyset(MOMENT, "1"),
    "id-bool": keyset(MOMENT, True),
    "id-nan": b64(f'["{MOMENT}", NaN]'.encode()),
    "id-infinity": b64(f'["{MOMENT}", Infinity]'.encode()),
    "moment-list": keyset([MOMENT], 1),
    "moment-number": keyset(20240101, 1),
    "object": b64(json.dumps({"created": MOMENT, "id": 1}).encode()),
    "three-items": keyset(MOMENT, 1, 2),
    "nul-inside-json": keyset("2024-01-01T00:00:00\x00+00:00", 1),
    "not-utf8": b64(b"\xff\xfe\xfd\xfc"),
    "not-json": b64(b"hello"),
    "empty-json": b64(b"  "),
    "not-base64": "n0t base64 \u00fc\u2603",
    "too-long": "A" * 5000,
    "nul-byte": "\x00",
}

HOSTILE_DRF_CURSOR = {
    "position-not-a-moment": drf_cursor(p="garbage"),
    "position-offset-23h59": drf_cursor(p="2024-01-01 00:00:00+23:59"),
    "position-year-1-east-of-utc": drf_cursor(p="0001-01-01 00:00:00+14:00"),
    "position-naive": drf_cursor(p="2024-01-01 00:00:00"),
    "offset-not-a-number": drf_cursor(o="x"),
    "offset-5000-digits": drf_cursor(o="9" * 5000),
    "reverse-not-a-number": drf_cursor(r="x", p=MOMENT),
    "not-base64": "n0t base64 \u00fc",
    "nul-byte": "\x00",
}


PAGES = {
    "complaints": ("rights_owner", "/complaints/", "after", HOSTILE_AFTER),
    "review-queue": ("reviewer", "/review/queue/iprs/", "after", HOSTILE_AFTER),
}
API_LISTS = {
    "complaints": ("rights_owner", "/api/v1/complaints/", "after", HOSTILE_AFTER),
    "notifications": ("rights_owner", "/api/v1/notifications/", "cursor", HOSTILE_DRF_CURSOR),
    "iprs": ("rights_owner", "/api/v1/iprs/", "cursor", HOSTILE_DRF_CURSOR),
    "ipr-queue": ("reviewer", "/api/v1/ipr-queue/", "cursor", HOSTILE_DRF_CURSOR),
}
HOSTILE_FILTERS = [
    ("rights_owner", "/complaints/", {"ipr": "99999999999999999999999"}),
    ("rights_owner", "/complaints/", {"date_from": "2024-13-45"}),
    ("rights_owner", "/complaints/", {"status": "nope\u2603"}),
    ("rights_owner", "/complaints/export.csv", {"ipr": str(2**63)}),
    ("rights_owner", "/complaints/export.csv", {"date_to": "0000-00-00"}),
    ("rights_owner", "/ipr/", {"status": "approved'--"}),
    ("rights_owner", "/ipr/", {"kind": "x" * 500}),
    ("rights_owner", "/api/v1/complaints/", {"ipr": "99999999999999999999999"}),
    ("rights_owner", "/api/v1/complaints/", {"platform": "nowhere"}),
    ("rights_owner", "/api/v1/iprs/", {"status": "nope"}),
    ("rights_owner", "/api/v1/iprs/", {"kind": "nope"}),
]


def _cases(faces: dict) -> list:
    return [
        pytest.param(actor, url, param, value, id=f"{face}-{name}")
        for face, (actor, url, param, values) in faces.items()
        for name, value in values.items()
    ]


def _client_for(request, actor: str, url: str):
    user = request.getfixturevalue(actor)
    if url.startswith("/api/"):
        api = APIClient()
        api.force_authenticate(user)
        return api
    client = Client()
    client.force_login(user)
    return client


def assert_refused(response, url: str) -> None:
    assert response.status_code == 400, response.content[:300]
    if url.startswith("/api/"):
        assert response["Content-Type"] == "application/json"
        body = response.json()
        assert body["detail"] and body["code"]
    else:
        assert response["Content-Type"].startswith("text/html")


# --- 5. every malformed cursor or filter answers 400 -------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("actor, url, param, value", _cases(PAGES) + _cases(API_LISTS))
def test_every_tampered_cursor_answers_400(request, actor, url, param, value):
    client = _client_for(request, actor, url)
    assert_refused(client.get(url, {param: value}), url)


@pytest.mark.django_db
@pytest.mark.parametrize("actor, url, query", HOSTILE_FILTERS)
def test_every_filter_value_the_portal_never_offers_answers_400(request, actor, url, query):
    client = _client_for(request, actor, url)
    assert_refused(client.get(url, query), url)


HUGE_ID = "9" * 25  # a path id beyond bigint: there is no such object (never a database error)
HUGE_IDS = [
    ("rights_owner", f"/complaints/{HUGE_ID}/"),
    ("rights_owner", f"/complaints/{HUGE_ID}/progress/"),
    ("rights_owner", f"/ipr/{HUGE_ID}/"),
    ("reviewer", f"/ipr/review/{HUGE_ID}/"),
    ("reviewer", f"/review/complaints/{HUGE_ID}/"),
    ("reviewer", f"/review/counter-notices/{HUGE_ID}/"),
    ("rights_owner", f"/api/v1/complaints/{HUGE_ID}/"),
    ("rights_owner", f"/api/v1/iprs/{HUGE_ID}/"),
    ("reviewer", f"/api/v1/counter-notices/{HUGE_ID}/"),
    ("reviewer", f"/api/v1/review/sellers/{HUGE_ID}/points/"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("actor, url", HUGE_IDS)
def test_an_id_beyond_bigint_is_not_found(request, actor, url):
    response = _client_for(request, actor, url).get(url)
    assert response.status_code == 404
    if url.startswith("/api/"):
        assert response.json()["code"] == "not_found"


@pytest.mark.django_db
def test_the_refusal_page_says_what_is_wrong(client, rights_owner):
    client.force_login(rights_owner)
    response = client.get("/complaints/", {"after": HOSTILE_AFTER["offset-23h59"]})
    assert response.status_code == 400
    assert "This page link is damaged or out of date" in response.content.decode()


@pytest.mark.django_db
def test_api_cursor_refusal_names_the_parameter(rights_owner):
    api = APIClient()
    api.force_authenticate(rights_owner)
    body = api.get("/api/v1/notifications/", {"cursor": "garbage!"}).json()
    assert body == {"detail": body["detail"], "code": "bad_cursor", "field": "cursor"}


def test_a_keyset_cursor_round_trips_and_keeps_the_extreme_real_offsets():
    from datetime import datetime

    for offset in ("+14:00", "-12:00", "+05:45"):
        moment = datetime.fromisoformat(f"2024-06-01T10:00:00.123456{offset}")
        assert decode_keyset(encode_keyset(moment, 2**63 - 1)) == (moment, 2**63 - 1)


@pytest.mark.django_db
def test_review_queue_pages_with_the_shared_cursor(client, reviewer):
    from reviews.selectors import queue_page

    first, second = IPRFactory(), IPRFactory()
    _q, rows, last = queue_page(reviewer, "iprs", None, size=1)
    assert [r.pk for r in rows] == [first.pk] and last.pk == first.pk
    cursor = encode_keyset(last.age, last.pk)
    client.force_login(reviewer)
    page = client.get(reverse("reviews:queue", args=["iprs"]), {"after": cursor})
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-pk="{second.pk}"' in html and f'data-pk="{first.pk}"' not in html


# --- 7. every API error is JSON with a detail and a code ---------------------------------------
def _unknown_url(api, user):
    return api.get("/api/v1/no-such-endpoint/")


def _unknown_object(api, user):
    api.force_authenticate(user)
    return api.get("/api/v1/iprs/999999999/")


def _method_not_allowed(api, user):
    api.force_authenticate(user)
    return api.delete("/api/v1/notifications/")


def _not_authenticated(api, user):
    return api.get("/api/v1/notifications/")


def _csrf_missing(api, user):
    csrf_checked = APIClient(enforce_csrf_checks=True)
    csrf_checked.force_login(user)
    return csrf_checked.post("/api/v1/notifications/read-all/")


def _body_too_large_json(api, user):
    return api.post(
        "/api/v1/auth/password-reset/",
        json.dumps({"email": "a" * 5000 + "@example.com"}),
        content_type="application/json",
    )


def _body_too_large_form(api, user):
    return api.post(
        "/api/v1/auth/password-reset/",
        urlencode({"email": "a" * 5000 + "@example.com"}),
        content_type="application/x-www-form-urlencoded",
    )


def _malformed_json(api, user):
    return api.post("/api/v1/auth/password-reset/", "{not json", content_type="application/json")


def _unsupported_media_type(api, user):
    return api.post("/api/v1/auth/password-reset/", "x", content_type="text/csv")


def _asked_for_html(api, user):
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    return api.get("/api/v1/notifications/", HTTP_ACCEPT=browser_accept)


def _rate_limited(api, user):
    for _ in range(10):
        api.post("/api/v1/auth/password-reset/", {"email": "x@example.com"}, format="json")
    return api.post("/api/v1/auth/password-reset/", {"email": "x@example.com"}, format="json")


API_ERRORS = {
    "unknown-url": (_unknown_url, 404),
    "unknown-object": (_unknown_object, 404),
    "method-not-allowed": (_method_not_allowed, 405),
    "not-authenticated": (_not_authenticated, 401),
    "asked-for-html": (_asked_for_html, 401),
    "csrf-missing": (_csrf_missing, 403),
    "body-too-large-json": (_body_too_large_json, 413),
    "body-too-large-form": (_body_too_large_form, 413),
    "malformed-json": (_malformed_json, 400),
    "unsupported-media-type": (_unsupported_media_type, 415),
    "rate-limited": (_rate_limited, 429),
}


@pytest.mark.django_db
@pytest.mark.parametrize("make, status", API_ERRORS.values(), ids=API_ERRORS.keys())
def test_every_api_error_is_json_with_a_detail_and_a_code(settings, rights_owner, make, status):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 2000
    response = make(APIClient(), rights_owner)
    assert response.status_code in (status, 403 if status == 401 else status)
    assert response["Content-Type"] == "application/json", response.content[:200]
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert isinstance(body["code"], str) and body["code"]


def test_a_csrf_refusal_outside_drf_is_json_under_the_api_and_a_page_elsewhere(rf):
    api = csrf_failure(rf.post("/api/v1/anything/"), reason="CSRF cookie not set.")
    assert api.status_code == 403 and json.loads(api.content)["code"] == "csrf_failed"
    page = csrf_failure(rf.post("/complaints/new/"), reason="CSRF cookie not set.")
    assert page.status_code == 403 and b"This form has expired" in page.content


@pytest.mark.django_db
def test_unknown_page_outside_the_api_is_still_a_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404 and response["Content-Type"].startswith("text/html")


# --- 2. private answers are never stored --------------------------------------------------------
def _cache_control(response) -> set[str]:
    return {p.strip() for p in response.get("Cache-Control", "").split(",") if p.strip()}


@pytest.mark.django_db
def test_public_pages_for_visitors_may_be_cached(client):
    for url in ("/", reverse("accounts:login"), reverse("accounts:agreement")):
        assert "no-store" not in _cache_control(client.get(url)), url


@pytest.mark.django_db
def test_every_page_for_a_signed_in_user_is_no_store(client, rights_owner):
    client.force_login(rights_owner)
    for url in ("/", "/complaints/", "/ipr/", "/notifications/", reverse("accounts:account")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert {"no-store", "private"} <= _cache_control(response), url


@pytest.mark.django_db
def test_every_api_answer_is_no_store_even_to_a_token(rights_owner):
    api = APIClient()
    api.force_authenticate(rights_owner)  # no session: the middleware cannot see the user
    assert "no-store" in _cache_control(api.get("/api/v1/notifications/"))
    assert "no-store" in _cache_control(APIClient().get("/api/v1/notifications/"))


@pytest.mark.django_db
def test_a_visitor_part_way_through_a_flow_is_no_store(client):
    session = client.session
    session["registration"] = {"email": "someone@example.com"}
    session.save()
    assert "no-store" in _cache_control(client.get("/"))


# --- 3. documents open in a sandbox ----------------------------------------------------------
@pytest.mark.django_db
def test_a_pdf_is_shown_inline_in_a_sandbox_and_never_stored(client, rights_owner):
    doc = store_upload(owner=rights_owner, upload=files.pdf())
    client.force_login(rights_owner)
    response = client.get(f"/documents/{doc.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["Content-Security-Policy"].split(";")[0] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in _cache_control(response)
    download = client.get(f"/documents/{doc.pk}/", {"download": "1"})
    assert download["Content-Disposition"].startswith("attachment")
    assert download["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.django_db
def test_a_document_of_any_other_type_is_only_downloaded(client, rights_owner):
    doc = store_upload(owner=rights_owner, upload=files.pdf())
    doc.file.save("upload", ContentFile(b"<html><script>alert(1)</script></html>"), save=False)
    Document.objects.filter(pk=doc.pk).update(content_type="text/html", file=doc.file.name)
    client.force_login(rights_owner)
    response = client.get(f"/documents/{doc.pk}/")
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"].startswith("sandbox")


@pytest.mark.django_db
def test_page_previews_carry_the_same_sandbox(client, rights_owner):
    doc = store_upload(owner=rights_owner, upload=files.pdf())
    client.force_login(rights_owner)
    response = client.get(f"/documents/{doc.pk}/pages/1.png")
    assert response["Content-Type"] == "image/png"
    assert response["Content-Security-Policy"].startswith("sandbox")
    assert response["X-Content-Type-Options"] == "nosniff"


# --- 1. a Content-Security-Policy on every page, no inline code --------------------------------
def _policy(response) -> dict[str, list[str]]:
    directives = [d.split() for d in response["Content-Security-Policy"].split(";") if d.strip()]
    return {d[0]: d[1:] for d in directives}


@pytest.mark.django_db
def test_every_page_has_a_policy_without_inline_script_or_style(client, rights_owner):
    urls = ["/", reverse("accounts:login"), reverse("accounts:register"), "/no-such-page/"]
    for url in urls:
        policy = _policy(client.get(url))
        assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert not any("unsafe" in s for sources in policy.values() for s in sources), url
    client.force_login(rights_owner)
    assert _policy(client.get("/complaints/"))["default-src"] == ["'self'"]


@pytest.mark.django_db
def test_only_human_check_pages_may_start_a_blob_worker(client):
    assert _policy(client.get(reverse("accounts:register")))["worker-src"] == ["blob:"]
    assert _policy(client.get(reverse("dmca_notice")))["worker-src"] == ["blob:"]
    assert "worker-src" not in _policy(client.get(reverse("accounts:login")))


@pytest.mark.django_db
def test_api_docs_load_their_start_up_script_from_a_file(client):
    page = client.get(reverse("api-docs"))
    html = page.content.decode()
    assert page.status_code == 200 and "<style" not in html
    assert _policy(page)["img-src"] == ["'self'", "data:"]
    assert _policy(page)["script-src"] == ["'self'"]
    script_url = re.findall(r'<script src="([^"]+)"', html)[-1].replace("&amp;", "&")
    script = client.get(script_url)
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content


INLINE_CODE = re.compile(
    r"""<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:""",
    re.IGNORECASE,
)


def test_no_template_carries_inline_script_style_or_handlers():
    """Emails are exempt: mail clients need inline styles, and no CSP applies there."""
    root = Path(settings.BASE_DIR) / "templates"
    found = []
    for path in root.rglob("*.html"):
        if path.relative_to(root).parts[0] == "emails":
            continue
        text = re.sub(r"\{#.*?#\}", "", path.read_text())
        found += [f"{path.relative_to(root)}: {m.group(0)}" for m in INLINE_CODE.finditer(text)]
    assert found == []


def test_charts_size_with_svg_attributes_not_styles():
    from django.template import Context, Template

    html = Template(
        "{% load charts %}{% bar_chart rows 'Q' %}{% threshold_gauge 24 marks 'P' %}"
    ).render(Context({"rows": [("A", 5)], "marks": [(6, "W"), (48, "T")]}))
    assert "style=" not in html and 'height="30"' in html and 'x1="12.5%"' in html


# --- 6. CSV cells a spreadsheet would run ------------------------------------------------------
@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example","x")',
        "+1+1",
        "-2+3",
        "@SUM(A1)",
        "|calc",
        "\t=1+1",
        "\r=1+1",
        "\uff1d1+1",
    ],
)
def test_formula_cells_are_neutralised(value):
    assert safe_cell(value) == "'" + value


def test_plain_cells_and_numbers_are_left_alone():
    assert safe_row([42, -3, "https://item.taobao.com/item.htm?id=1", "", None]) == [
        42,
        -3,
        "https://item.taobao.com/item.htm?id=1",
        "",
        None,
    ]


@pytest.mark.django_db
def test_exported_csv_neutralises_every_text_cell(client, rights_owner):
    from complaints.models import Complaint, ComplaintItem

    complaint = Complaint.objects.create(
        complainant=rights_owner, platform="taobao", reason="counterfeit"
    )
    ComplaintItem.objects.create(
        complaint=complaint, line=1, url="=cmd|' /C calc'!A0", listing_id="@1", error_code="-x"
    )
    client.force_login(rights_owner)
    body = b"".join(client.get("/complaints/export.csv").streaming_content).decode()
    _header, row = list(csv.reader(io.StringIO(body)))
    assert {"'=cmd|' /C calc'!A0", "'@1", "'-x"} <= set(row)
    assert not [cell for cell in row if cell[:1] in ("=", "+", "-", "@", "|", "\t", "\r")]
